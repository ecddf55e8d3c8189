using SealServe.Models.Config.TextFormat;
using ProtoModelConfig = Tensorflow.Serving.ModelConfig;

namespace SealServe.Models.Tests.Config.TextFormat;

/// <summary>Token-level errors and how positions are counted (lines, UTF-8 bytes, tabs to 8), as protobuf's tokenizer does.</summary>
public sealed class TextFormatTokenizerTests
{
    private const string Model = "tensorflow.serving.ModelConfig";
    private const string Number = "google.protobuf.DoubleValue";

    [Fact]
    public void Error_AfterTab_ColumnAdvancesToNextMultipleOfEight()
    {
        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse<ProtoModelConfig>("\tnme: 1"));

        Assert.Equal((1, 12), (error.Line, error.Column));
    }

    [Fact]
    public void Error_AfterNonAsciiString_ColumnCountsUtf8Bytes()
    {
        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse<ProtoModelConfig>("name: \"é\" nme: 1"));

        Assert.Equal((1, 15), (error.Line, error.Column));
    }

    [Fact]
    public void Error_OnLaterLine_CountsLinesFromOne()
    {
        var error = Assert.Throws<TextFormatException>(() => TextFormatParser.Parse<ProtoModelConfig>("name: \"a\"\r\n# note\r\n\r\n  x: 1"));

        Assert.Equal((4, 4), (error.Line, error.Column));
    }

    [Theory]
    [InlineData(Model, "name: \"x\" é", 11, "Interpreting non ascii codepoint 195.")]
    [InlineData(Model, "name: \"x\"\u0001", 10, "Invalid control characters encountered in text.")]
    [InlineData(Model, "name.5: 1", 5, "Need space between identifier and decimal point.")]
    [InlineData(Number, "value: 10s", 10, "Need space between number and identifier.")]
    [InlineData(Number, "value: 09", 9, "Numbers starting with leading zero must be in octal.")]
    [InlineData(Number, "value: 0x", 10, "\"0x\" must be followed by hex digits.")]
    [InlineData(Number, "value: 1e", 10, "\"e\" must be followed by exponent.")]
    [InlineData(Number, "value: 1e+", 11, "\"e\" must be followed by exponent.")]
    [InlineData(Number, "value: 1.2.3", 11, "Already saw decimal point or exponent; can't have another one.")]
    [InlineData(Number, "value: 0x1.5", 11, "Hex and octal numbers must be integers.")]
    public void Tokenize_BadCharactersOrNumbers_Errors(string messageType, string text, int column, string reason)
    {
        TextFormatAssert.Error(messageType, text, 1, column, reason);
    }
}
