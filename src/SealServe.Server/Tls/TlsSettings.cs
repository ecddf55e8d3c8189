using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Server.Hosting;

namespace SealServe.Server.Tls;

/// <summary>
/// Turns TF Serving's <c>SSLConfig</c> into what each TLS handshake uses, as TF Serving hands it to gRPC: the
/// server's key and certificate chain; with <c>client_verify</c>, a client certificate is required and must chain
/// to <c>custom_ca</c> (or, without it, to the system's roots). Without <c>client_verify</c> none is asked for.
/// </summary>
internal static class TlsSettings
{
    /// <summary>Reads and checks an SSLConfig file; INVALID_ARGUMENT naming the file when it cannot serve TLS. Never quotes key material.</summary>
    public static SslServerAuthenticationOptions Load(ConfigReads files, string path, SslApplicationProtocol protocol)
    {
        var config = SslConfigLoader.Parse(files.ReadText(path), path);
        X509Certificate2 leaf;
        var chain = new X509Certificate2Collection();
        var authorities = new X509Certificate2Collection();
        try
        {
            leaf = X509Certificate2.CreateFromPem(config.ServerCert, config.ServerKey);
            chain.ImportFromPem(config.ServerCert);
            if (config.CustomCa.Length > 0)
            {
                authorities.ImportFromPem(config.CustomCa);
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw ServingException.InvalidArgument($"{path}: server_key, server_cert or custom_ca is not a usable PEM certificate and key ({e.Message})");
        }

        // The first certificate is the server's own; the rest of server_cert are intermediates sent along.
        chain.RemoveAt(0);
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = SslStreamCertificateContext.Create(leaf, chain, offline: true),
            ApplicationProtocols = [protocol],
            ClientCertificateRequired = config.ClientVerify,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
            RemoteCertificateValidationCallback = config.ClientVerify ? (_, certificate, sent, errors) => ClientCertificates.IsTrusted(certificate, sent, authorities, errors) : null,
        };
    }

    /// <summary>For the log: what a client must show.</summary>
    public static string DescribeClientCertificates(SslServerAuthenticationOptions options) =>
        options.ClientCertificateRequired ? "client certificates required" : "no client certificate asked for";
}
