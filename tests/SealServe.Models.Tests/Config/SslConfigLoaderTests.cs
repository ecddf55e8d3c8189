using SealServe.Core.Errors;
using SealServe.Models.Config;

namespace SealServe.Models.Tests.Config;

public sealed class SslConfigLoaderTests
{
    // PEM-shaped placeholders, not key material: the loader only checks for PEM text and passes it on.
    private const string Key = "-----BEGIN TEST PLACEHOLDER-----\\nnot a key\\n-----END TEST PLACEHOLDER-----\\n";
    private const string Cert = "-----BEGIN CERTIFICATE-----\\nMIID\\n-----END CERTIFICATE-----\\n";

    [Fact]
    public void Parse_AllFields_Mapped()
    {
        var options = SslConfigLoader.Parse($"server_key: \"{Key}\"\nserver_cert: \"{Cert}\"\ncustom_ca: \"{Cert}\"\nclient_verify: true");

        Assert.Equal("-----BEGIN TEST PLACEHOLDER-----\nnot a key\n-----END TEST PLACEHOLDER-----\n", options.ServerKey);
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", options.ServerCert, StringComparison.Ordinal);
        Assert.Equal(options.ServerCert, options.CustomCa);
        Assert.True(options.ClientVerify);
    }

    [Fact]
    public void Parse_KeyAndCertOnly_NoClientVerification()
    {
        var options = SslConfigLoader.Parse($"server_key: \"{Key}\" server_cert: \"{Cert}\"");

        Assert.Equal(string.Empty, options.CustomCa);
        Assert.False(options.ClientVerify);
    }

    [Fact]
    public void Parse_FileNamesAndMissingCert_AllReportedWithoutValues()
    {
        var error = Assert.Throws<ServingException>(() =>
            SslConfigLoader.Parse("server_key: \"/etc/tls/server.key\" custom_ca: \"/etc/tls/ca.pem\""));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal(
            "3 errors in the SSL config: "
            + "SSLConfig server_key is not PEM text: it must hold the PEM contents (\"-----BEGIN ...\"), not a file name; "
            + "SSLConfig server_cert is empty; "
            + "SSLConfig custom_ca is not PEM text: it must hold the PEM contents (\"-----BEGIN ...\"), not a file name",
            error.Message);
        Assert.DoesNotContain("/etc/tls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_DoesNotShowKeyMaterial()
    {
        var options = SslConfigLoader.Parse($"server_key: \"{Key}\" server_cert: \"{Cert}\"");

        Assert.DoesNotContain("MIIE", options.ToString(), StringComparison.Ordinal);
    }
}
