using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SealServe.TestKit;

/// <summary>
/// A certificate authority made for one test, and the certificates it issues (ECDSA P-256, valid for a day): a
/// server certificate for 127.0.0.1 and localhost, client certificates. PEM out, as TF Serving's SSLConfig takes.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private static readonly Oid ServerAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");
    private readonly ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public TestCertificates(string name = "SealServe Test CA")
    {
        var request = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
    }

    /// <summary>The CA's own certificate (what clients and <c>custom_ca</c> trust).</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A server certificate for 127.0.0.1 and localhost, with its key.</summary>
    public Issued Server(string name = "sealserve-test-server") => Issue(name, ServerAuth, includeAddresses: true);

    /// <summary>A client certificate (for mutual TLS), with its key.</summary>
    public Issued Client(string name = "sealserve-test-client") => Issue(name, ClientAuth, includeAddresses: false);

    /// <summary>The text of a TF Serving SSLConfig file (PEM contents in escaped strings).</summary>
    public static string SslConfig(Issued server, string? customCa = null, bool clientVerify = false) =>
        $"server_key: \"{Escape(server.KeyPem)}\"\nserver_cert: \"{Escape(server.CertificatePem)}\"\n"
        + (customCa is null ? string.Empty : $"custom_ca: \"{Escape(customCa)}\"\n")
        + (clientVerify ? "client_verify: true\n" : string.Empty);

    public void Dispose()
    {
        Authority.Dispose();
        caKey.Dispose();
    }

    private static string Escape(string pem) => pem.ReplaceLineEndings("\\n");

    private Issued Issue(string name, Oid usage, bool includeAddresses)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (includeAddresses)
        {
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
            request.CertificateExtensions.Add(names.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var certificate = request.Create(Authority, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        using var withKey = certificate.CopyWithPrivateKey(key);
        return new Issued(withKey.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>An issued certificate and its private key, as PEM text.</summary>
    public sealed record Issued(string CertificatePem, string KeyPem)
    {
        /// <summary>The certificate with its key, for a client to present.</summary>
        public X509Certificate2 ToCertificate() => X509Certificate2.CreateFromPem(CertificatePem, KeyPem);

        /// <summary>The certificate's thumbprint, to tell which one a server presented.</summary>
        public string Thumbprint => X509Certificate2.CreateFromPem(CertificatePem).Thumbprint;
    }
}
