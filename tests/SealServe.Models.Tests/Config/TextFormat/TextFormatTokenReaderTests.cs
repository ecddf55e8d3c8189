using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Onnx;
using SealServe.Models.Config.TextFormat;

namespace SealServe.Models.Tests.Config.TextFormat;

/// <summary>Scalar values (integers, floats, bools, enums, strings, bytes) through the public parser, on the wrapper types.</summary>
public sealed class TextFormatTokenReaderTests
{
    [Theory]
    [InlineData("2147483647", int.MaxValue)]
    [InlineData("-2147483648", int.MinValue)]
    [InlineData("0x7fffffff", int.MaxValue)]
    [InlineData("0X1f", 31)]
    [InlineData("-0x10", -16)]
    [InlineData("017", 15)]
    [InlineData("0", 0)]
    [InlineData("- 5", -5)]
    public void Int32_DecimalHexOctalSigned_Parsed(string literal, int expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<Int32Value>("value: " + literal).Value);
    }

    [Theory]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("0x7FFFFFFFFFFFFFFF", long.MaxValue)]
    public void Int64_Limits_Parsed(string literal, long expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<Int64Value>("value: " + literal).Value);
    }

    [Fact]
    public void UnsignedIntegers_Limits_Parsed()
    {
        Assert.Equal(uint.MaxValue, TextFormatParser.Parse<UInt32Value>("value: 4294967295").Value);
        Assert.Equal(ulong.MaxValue, TextFormatParser.Parse<UInt64Value>("value: 18446744073709551615").Value);
        Assert.Equal(ulong.MaxValue, TextFormatParser.Parse<UInt64Value>("value: 0xffffffffffffffff").Value);
    }

    [Theory]
    [InlineData(typeof(Int32Value), "value: 2147483648", 8, "Integer out of range (2147483648)")]
    [InlineData(typeof(Int32Value), "value: -2147483649", 9, "Integer out of range (2147483649)")]
    [InlineData(typeof(Int64Value), "value: 9223372036854775808", 8, "Integer out of range (9223372036854775808)")]
    [InlineData(typeof(UInt32Value), "value: 4294967296", 8, "Integer out of range (4294967296)")]
    [InlineData(typeof(UInt64Value), "value: 18446744073709551616", 8, "Integer out of range (18446744073709551616)")]
    [InlineData(typeof(UInt32Value), "value: -1", 8, "Expected integer, got: -")]
    [InlineData(typeof(Int32Value), "value: 1.5", 8, "Expected integer, got: 1.5")]
    [InlineData(typeof(Int32Value), "value: x", 8, "Expected integer, got: x")]
    public void Integers_Invalid_Errors(System.Type type, string text, int column, string reason)
    {
        AssertError(type, text, 1, column, reason);
    }

    [Theory]
    [InlineData("1.5", 1.5)]
    [InlineData("1.5f", 1.5)]
    [InlineData("5F", 5)]
    [InlineData("2", 2)]
    [InlineData(".5", 0.5)]
    [InlineData("1.", 1)]
    [InlineData("1e3", 1000)]
    [InlineData("1E-2", 0.01)]
    [InlineData("-2.5", -2.5)]
    [InlineData("-inf", double.NegativeInfinity)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("INF", double.PositiveInfinity)]
    [InlineData("nan", double.NaN)]
    [InlineData("18446744073709551616", 18446744073709551616d)]
    public void Double_Forms_Parsed(string literal, double expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<DoubleValue>("value: " + literal).Value);
    }

    [Fact]
    public void Float_OutOfRange_Infinity()
    {
        Assert.Equal(float.PositiveInfinity, TextFormatParser.Parse<FloatValue>("value: 1e39").Value);
        Assert.Equal(0.1f, TextFormatParser.Parse<FloatValue>("value: 0.1").Value);
    }

    [Theory]
    [InlineData("value: 0x10", 8, "Expect a decimal number, got: 0x10")]
    [InlineData("value: 010", 8, "Expect a decimal number, got: 010")]
    [InlineData("value: abc", 8, "Expected double, got: abc")]
    [InlineData("value: \"1\"", 8, "Expected double, got: \"1\"")]
    public void Double_Invalid_Errors(string text, int column, string reason)
    {
        AssertError(typeof(DoubleValue), text, 1, column, reason);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("t", true)]
    [InlineData("1", true)]
    [InlineData("false", false)]
    [InlineData("False", false)]
    [InlineData("f", false)]
    [InlineData("0", false)]
    public void Bool_Spellings_Parsed(string literal, bool expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<BoolValue>("value: " + literal).Value);
    }

    [Theory]
    [InlineData("value: 2", 8, "Integer out of range (2)")]
    [InlineData("value: yes", 11, "Invalid value for boolean field \"value\". Value: \"yes\".")]
    [InlineData("value: TRUE", 12, "Invalid value for boolean field \"value\". Value: \"TRUE\".")]
    [InlineData("value: -1", 8, "Expected identifier, got: -")]
    public void Bool_Invalid_Errors(string text, int column, string reason)
    {
        AssertError(typeof(BoolValue), text, 1, column, reason);
    }

    [Theory]
    [InlineData("kind: TYPE_STRING", Field.Types.Kind.TypeString)]
    [InlineData("kind: 9", Field.Types.Kind.TypeString)]
    [InlineData("kind: 99", (Field.Types.Kind)99)]
    [InlineData("kind: -1", (Field.Types.Kind)(-1))]
    public void Enum_ByNameOrNumber_Proto3KeepsUnknownNumbers(string text, Field.Types.Kind expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<Field>(text).Kind);
    }

    [Theory]
    [InlineData("kind: TYPE_NOPE", 16, "Unknown enumeration value of \"TYPE_NOPE\" for field \"kind\".")]
    [InlineData("kind: type_string", 18, "Unknown enumeration value of \"type_string\" for field \"kind\".")]
    [InlineData("kind: 1.5", 7, "Expected integer or identifier, got: 1.5")]
    [InlineData("kind: 2147483648", 7, "Integer out of range (2147483648)")]
    public void Enum_Invalid_Errors(string text, int column, string reason)
    {
        AssertError(typeof(Field), text, 1, column, reason);
    }

    [Fact]
    public void Enum_Proto2UnknownNumber_ErrorBecauseClosed()
    {
        Assert.Equal(AttributeProto.Types.AttributeType.Float, TextFormatParser.Parse<AttributeProto>("type: FLOAT").Type);

        AssertError(typeof(AttributeProto), "type: 99", 1, 9, "Unknown enumeration value of \"99\" for field \"type\".");
    }

    [Theory]
    [InlineData(@"value: ""a\n\t\\\'\""\x41\101\u00e9""", "a\n\t\\'\"AAé")]
    [InlineData(@"value: ""\a\b\f\v\r\?""", "\a\b\f\v\r?")]
    [InlineData(@"value: 'say ""hi""'", "say \"hi\"")]
    [InlineData("value: \"ab\" 'cd'\n  \"ef\"", "abcdef")]
    [InlineData(@"value: ""\U0001F600 \ud83d\ude00""", "😀 😀")]
    [InlineData(@"value: ""\x4\0\1234""", "\u0004\0S4")]
    [InlineData("value: \"é\"", "é")]
    [InlineData("value: ''", "")]
    [InlineData(@"value: ""\U00110000""", @"\U00110000")]
    public void String_EscapesQuotesAndConcatenation_Decoded(string text, string expected)
    {
        Assert.Equal(expected, TextFormatParser.Parse<StringValue>(text).Value);
    }

    [Fact]
    public void Bytes_EscapesGiveRawBytes()
    {
        Assert.Equal(new byte[] { 0xff, 0, (byte)'a' }, TextFormatParser.Parse<BytesValue>(@"value: ""\xff\x00a""").Value.ToByteArray());
        Assert.Equal(new byte[] { 0xed, 0xa0, 0x80 }, TextFormatParser.Parse<BytesValue>(@"value: ""\ud800""").Value.ToByteArray());
    }

    [Theory]
    [InlineData(@"value: ""\xff""", 1, 8, "String field \"value\" contains invalid UTF-8.")]
    [InlineData("value: \"abc", 1, 12, "Unexpected end of string.")]
    [InlineData("value: \"ab\ncd\"", 1, 11, "Multiline strings are not allowed. Did you miss a \"?.")]
    [InlineData(@"value: ""\q""", 1, 10, "Invalid escape sequence in string literal.")]
    [InlineData(@"value: ""\xg""", 1, 11, "Expected hex digits for escape sequence.")]
    [InlineData(@"value: ""\u12""", 1, 13, "Expected four hex digits for \\u escape sequence.")]
    [InlineData(@"value: ""\U00200000""", 1, 13, "Expected eight hex digits up to 10ffff for \\U escape sequence")]
    [InlineData("value: 5", 1, 8, "Expected string, got: 5")]
    public void String_Invalid_Errors(string text, int line, int column, string reason)
    {
        AssertError(typeof(StringValue), text, line, column, reason);
    }

    private static void AssertError(System.Type type, string text, int line, int column, string reason) =>
        TextFormatAssert.Error(((Google.Protobuf.Reflection.MessageDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!).FullName, text, line, column, reason);
}
