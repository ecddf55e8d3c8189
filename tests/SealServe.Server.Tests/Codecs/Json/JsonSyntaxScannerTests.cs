using System.Text;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class JsonSyntaxScannerTests
{
    [Fact]
    public void Scan_ValidObject_RootEndsAtClosingBrace()
    {
        const string Value = "{\"a\": [1, 2.5e3, \"x\", true, false, null]}";

        var result = Scan(Value + "  trailing");

        Assert.Null(result.Error);
        Assert.Equal(0, result.ContentStart);
        Assert.Equal(Value.Length, result.RootEnd);
        Assert.Empty(result.NonFiniteTokens);
        Assert.Equal(-1, result.TooDeepAt);
    }

    [Fact]
    public void Scan_NonFiniteTokens_FoundWithSignAndValue()
    {
        var result = Scan("[NaN, -Infinity, Inf, -Inf, \"NaN\", -NaN]");

        Assert.Null(result.Error);
        Assert.Collection(
            result.NonFiniteTokens,
            t => Assert.Equal((1, 3, true), (t.Start, t.Length, double.IsNaN(t.Value))),
            t => Assert.Equal((6, 9, double.NegativeInfinity), (t.Start, t.Length, t.Value)),
            t => Assert.Equal((17, 3, double.PositiveInfinity), (t.Start, t.Length, t.Value)),
            t => Assert.Equal((22, 4, double.NegativeInfinity), (t.Start, t.Length, t.Value)),
            t => Assert.Equal((35, 4, true), (t.Start, t.Length, double.IsNaN(t.Value))));
    }

    [Fact]
    public void Scan_ByteOrderMark_SkippedAndCountedInOffsets()
    {
        var result = JsonSyntaxScanner.Scan([0xEF, 0xBB, 0xBF, (byte)'{', (byte)'x'], 10);

        Assert.Equal("Missing a name for object member.", result.Error);
        Assert.Equal(4, result.ErrorOffset);
    }

    [Fact]
    public void Scan_NulByte_EndsInputLikeRapidJson()
    {
        var result = JsonSyntaxScanner.Scan([(byte)'[', (byte)'1', 0, (byte)']'], 10);

        Assert.Equal("Missing a comma or ']' after an array element.", result.Error);
        Assert.Equal(2, result.ErrorOffset);
    }

    [Fact]
    public void Scan_DeeperThanLimit_ReportsFirstTooDeepBracket()
    {
        var result = Scan("[[[[]]]]", maxDepth: 2);

        Assert.Null(result.Error);
        Assert.Equal(2, result.TooDeepAt);
    }

    [Fact]
    public void Scan_MillionNestedObjects_NoStackOverflow()
    {
        var text = string.Concat(Enumerable.Repeat("{\"a\":", 1_000_000)) + "1" + new string('}', 1_000_000);

        var result = Scan(text, maxDepth: int.MaxValue);

        Assert.Null(result.Error);
        Assert.Equal(text.Length, result.RootEnd);
    }

    [Theory]
    [InlineData("", "The document is empty.", 0)]
    [InlineData("[1] [2]", null, 0)]
    [InlineData("\"\\u00e9\\ud83d\\ude00\"", null, 0)]
    [InlineData("\"\\ud83d\"", "The surrogate pair in string is invalid.", 1)]
    [InlineData("\"\\ud83d\\u", "Incorrect hex digit after \\u escape in string.", 1)]
    [InlineData("tru", "Invalid value.", 3)]
    [InlineData("-Infinityx", null, 0)]
    [InlineData("[-Infinityx]", "Missing a comma or ']' after an array element.", 10)]
    [InlineData("[1.5e+]", "Miss exponent in number.", 6)]
    [InlineData("[1e308, 2e308]", "Number too big to be stored in double.", 8)]
    [InlineData("[18446744073709551616, -9223372036854775809]", null, 0)]
    public void Scan_Text_RapidJsonVerdict(string text, string? error, int offset)
    {
        var result = Scan(text);

        Assert.Equal(error, result.Error);
        Assert.Equal(offset, result.ErrorOffset);
    }

    private static JsonSyntaxResult Scan(string text, int maxDepth = 300) => JsonSyntaxScanner.Scan(Encoding.UTF8.GetBytes(text), maxDepth);
}
