using System.Text;
using SealServe.Core.Errors;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests.Keys;

public sealed class KeyFileFormatTests
{
    [Theory]
    [InlineData(KnownKey.FileText)]
    [InlineData(KnownKey.Base64)]
    [InlineData(KnownKey.Base64 + "\r\n")]
    [InlineData("  " + KnownKey.Hex + "  \n")]
    [InlineData("# key id: whatever\n" + KnownKey.Hex)]
    public void Parse_EveryAcceptedForm_GivesTheKey(string text)
    {
        using var key = KeyFileFormat.Parse(Encoding.UTF8.GetBytes(text), "src");

        Assert.Equal(KnownKey.Id, key.Id);
        Assert.Equal(KnownKey.Bytes, key.Material.ToArray());
    }

    [Fact]
    public void Format_ThenParse_RoundTrips()
    {
        using var key = KeyEncryptionKey.Generate();

        var text = KeyFileFormat.Format(key);
        using var parsed = KeyFileFormat.Parse(text, "src");

        Assert.Equal(key.Material.ToArray(), parsed.Material.ToArray());
        Assert.Contains($"# key id: {key.Id}\n", Encoding.ASCII.GetString(text), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "found 0")]
    [InlineData("# only a comment\n", "found 0")]
    [InlineData(KnownKey.Base64 + "\n" + KnownKey.Base64, "found 2")]
    [InlineData("sealserve-key-v1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHg==", "not a 32-byte key")]
    [InlineData("0001020304050607", "not a 32-byte key")]
    [InlineData("sealserve-key-v1:not base64 at all!", "not a 32-byte key")]
    public void Parse_BadText_FailsWithoutEchoingIt(string text, string reason)
    {
        var error = Assert.Throws<ServingException>(() => KeyFileFormat.Parse(Encoding.UTF8.GetBytes(text), "--key_file k"));

        Assert.StartsWith("--key_file k: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("AAEC", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("0001", error.Message, StringComparison.Ordinal);
    }
}
