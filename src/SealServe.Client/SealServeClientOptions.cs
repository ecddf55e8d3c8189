using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace SealServe.Client;

/// <summary>
/// How a client connects: TLS (an <c>https://</c> address; a client certificate for mutual TLS; a check of the server's
/// certificate against a private CA), a bearer token, a deadline per call, and retries of calls the server answered
/// UNAVAILABLE (gRPC) or 503 (REST), or that could not connect.
/// </summary>
public sealed class SealServeClientOptions
{
    /// <summary>Sent as <c>Authorization: Bearer &lt;token&gt;</c> on every call (<c>--auth_config_file</c> API keys or JWTs).</summary>
    public string? BearerToken { get; set; }

    /// <summary>How long one call may take, retries included; <see langword="null"/> for no limit.</summary>
    public TimeSpan? Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a call answered UNAVAILABLE / 503 or refused at connect (0 for none), within the deadline.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The wait before the first retry; each next wait doubles.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A client certificate (with its private key) for servers that ask for one (mutual TLS).</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>A private certificate authority: the server's certificate must chain to it (instead of the system's trust store).</summary>
    public X509Certificate2? CertificateAuthority { get; set; }

    /// <summary>Checks the server's certificate instead of the system's trust store (any rule of the caller's).</summary>
    public RemoteCertificateValidationCallback? ServerCertificateValidation { get; set; }

    /// <summary>The largest message a gRPC client receives; <see langword="null"/> for no limit (a model may answer large tensors).</summary>
    public int? MaxReceiveMessageBytes { get; set; }

    internal SocketsHttpHandler CreateHandler()
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (ClientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [ClientCertificate];
        }

        if (CertificateAuthority is not null)
        {
            handler.SslOptions.CertificateChainPolicy = new X509ChainPolicy
            {
                TrustMode = X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { CertificateAuthority },
                RevocationMode = X509RevocationMode.NoCheck,
            };
        }

        if (ServerCertificateValidation is not null)
        {
            handler.SslOptions.RemoteCertificateValidationCallback = ServerCertificateValidation;
        }

        return handler;
    }
}
