using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class AbslBase64Tests
{
    [Theory]
    [InlineData("", "")]
    [InlineData("aGVsbG8=", "hello")]
    [InlineData("aGVsbG8", "hello")]
    [InlineData("aGVsbA==", "hell")]
    [InlineData("aGVsbA", "hell")]
    [InlineData("aGVsbA..", "hell")]
    [InlineData(" a G V s\tb\nA = = ", "hell")]
    [InlineData("aGVs", "hel")]
    [InlineData("+/+/", "\u00fb\u00ff\u00bf")]
    public void TryDecode_AbseilAcceptedForms_Decoded(string text, string expected)
    {
        var ok = AbslBase64.TryDecode(Encoding.ASCII.GetBytes(text), out var decoded);

        Assert.True(ok);
        Assert.Equal(Encoding.Latin1.GetBytes(expected), decoded);
    }

    [Theory]
    [InlineData("a")]
    [InlineData("aGVsb")]
    [InlineData("aGVsbA=")]
    [InlineData("aGVsbA===")]
    [InlineData("aGVs=")]
    [InlineData("aG-s")]
    [InlineData("aG_s")]
    [InlineData("aGVs\0")]
    [InlineData("aA==aA==")]
    public void TryDecode_AbseilRejectedForms_False(string text)
    {
        var ok = AbslBase64.TryDecode(Encoding.ASCII.GetBytes(text), out var decoded);

        Assert.False(ok);
        Assert.Empty(decoded);
    }

    [Fact]
    public void TryDecode_RoundTripsStandardEncoding()
    {
        var data = Enumerable.Range(0, 1000).Select(i => (byte)(i * 7)).ToArray();

        var ok = AbslBase64.TryDecode(Encoding.ASCII.GetBytes(Convert.ToBase64String(data)), out var decoded);

        Assert.True(ok);
        Assert.Equal(data, decoded);
    }
}
