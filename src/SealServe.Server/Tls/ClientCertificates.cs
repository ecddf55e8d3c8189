using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SealServe.Server.Tls;

/// <summary>Whether a client certificate may connect (<c>client_verify: true</c>).</summary>
internal static class ClientCertificates
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <param name="certificate">What the client showed; none is refused.</param>
    /// <param name="sent">The chain the client sent with it (intermediates).</param>
    /// <param name="authorities"><c>custom_ca</c>; empty means the system's roots, as judged by <paramref name="errors"/>.</param>
    /// <param name="errors">The platform's verdict against the system's roots.</param>
    public static bool IsTrusted(X509Certificate? certificate, X509Chain? sent, X509Certificate2Collection authorities, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            return false;
        }

        if (authorities.Count == 0)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (sent is not null)
        {
            foreach (var element in sent.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
    }
}
