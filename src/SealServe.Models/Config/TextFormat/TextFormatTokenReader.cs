using System.Buffers;
using System.Text;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// The token-level half of protobuf's text parser (<c>TextFormat::Parser::ParserImpl</c>): matching
/// symbols and reading scalar field values, with its error texts. Errors point at the current token.
/// </summary>
internal sealed class TextFormatTokenReader(TextFormatTokenizer tokenizer)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public TextFormatToken Current => tokenizer.Current;

    public TextFormatTokenizer Tokenizer => tokenizer;

    public bool LookingAt(string text) => tokenizer.Current.Text == text && tokenizer.Current.Type != TextFormatTokenType.String;

    public bool LookingAtType(TextFormatTokenType type) => tokenizer.Current.Type == type;

    public TextFormatException Error(string reason) => tokenizer.Error(Current.Line, Current.Column, reason);

    public bool TryConsume(string text)
    {
        if (!LookingAt(text))
        {
            return false;
        }

        tokenizer.Next();
        return true;
    }

    public void Consume(string text)
    {
        if (!TryConsume(text))
        {
            throw Error($"Expected \"{text}\", found \"{Current.Text}\".");
        }
    }

    public string ConsumeIdentifier()
    {
        if (!LookingAtType(TextFormatTokenType.Identifier))
        {
            throw Error($"Expected identifier, got: {Current.Text}");
        }

        var identifier = Current.Text;
        tokenizer.Next();
        return identifier;
    }

    /// <summary>Reads a value for a non-message field, typed as the generated C# property holds it (enums as their number).</summary>
    public object ConsumeFieldValue(FieldDescriptor field) => field.FieldType switch
    {
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => (int)ConsumeSignedInteger(int.MaxValue),
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ConsumeSignedInteger(long.MaxValue),
        FieldType.UInt32 or FieldType.Fixed32 => (uint)ConsumeUnsignedInteger(uint.MaxValue),
        FieldType.UInt64 or FieldType.Fixed64 => ConsumeUnsignedInteger(ulong.MaxValue),
        FieldType.Float => (float)ConsumeDouble(),
        FieldType.Double => ConsumeDouble(),
        FieldType.Bool => ConsumeBool(field),
        FieldType.Enum => ConsumeEnum(field),
        FieldType.String => ConsumeUtf8String(field),
        FieldType.Bytes => ByteString.CopyFrom(ConsumeString()),
        _ => throw new InvalidOperationException($"Field {field.FullName} of type {field.FieldType} holds no scalar value."),
    };

    /// <summary>One or more adjacent string literals, concatenated, as bytes.</summary>
    public ReadOnlySpan<byte> ConsumeString()
    {
        if (!LookingAtType(TextFormatTokenType.String))
        {
            throw Error($"Expected string, got: {Current.Text}");
        }

        var output = new ArrayBufferWriter<byte>();
        while (LookingAtType(TextFormatTokenType.String))
        {
            TextFormatLiterals.AppendString(tokenizer.Bytes(Current), output);
            tokenizer.Next();
        }

        return output.WrittenSpan;
    }

    public ulong ConsumeUnsignedInteger(ulong max)
    {
        if (!LookingAtType(TextFormatTokenType.Integer))
        {
            throw Error($"Expected integer, got: {Current.Text}");
        }

        if (!TextFormatLiterals.TryParseInteger(Current.Text, max, out var value))
        {
            throw Error($"Integer out of range ({Current.Text})");
        }

        tokenizer.Next();
        return value;
    }

    public long ConsumeSignedInteger(long max)
    {
        if (!TryConsume("-"))
        {
            return (long)ConsumeUnsignedInteger((ulong)max);
        }

        // Two's complement allows one more negative value than positive.
        var magnitude = ConsumeUnsignedInteger((ulong)max + 1);
        return magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
    }

    public double ConsumeDouble()
    {
        var negative = TryConsume("-");
        double value;
        if (LookingAtType(TextFormatTokenType.Integer))
        {
            value = ConsumeDecimalAsDouble();
        }
        else if (LookingAtType(TextFormatTokenType.Float))
        {
            value = TextFormatLiterals.ParseFloat(Current.Text);
            tokenizer.Next();
        }
        else if (LookingAtType(TextFormatTokenType.Identifier))
        {
            value = Current.Text.ToLowerInvariant() switch
            {
                "inf" or "infinity" => double.PositiveInfinity,
                "nan" => double.NaN,
                var other => throw Error($"Expected double, got: {other}"),
            };
            tokenizer.Next();
        }
        else
        {
            throw Error($"Expected double, got: {Current.Text}");
        }

        return negative ? -value : value;
    }

    private double ConsumeDecimalAsDouble()
    {
        var text = Current.Text;
        if (TextFormatLiterals.IsHexOrOctal(text))
        {
            throw Error($"Expect a decimal number, got: {text}");
        }

        // Beyond uint64 the digits are still a valid double.
        var value = TextFormatLiterals.TryParseInteger(text, ulong.MaxValue, out var integer)
            ? integer
            : TextFormatLiterals.ParseFloat(text);
        tokenizer.Next();
        return value;
    }

    private bool ConsumeBool(FieldDescriptor field)
    {
        if (LookingAtType(TextFormatTokenType.Integer))
        {
            return ConsumeUnsignedInteger(1) == 1;
        }

        return ConsumeIdentifier() switch
        {
            "true" or "True" or "t" => true,
            "false" or "False" or "f" => false,
            var other => throw Error($"Invalid value for boolean field \"{field.Name}\". Value: \"{other}\"."),
        };
    }

    private int ConsumeEnum(FieldDescriptor field)
    {
        string text;
        EnumValueDescriptor? value;
        int number;
        if (LookingAtType(TextFormatTokenType.Identifier))
        {
            text = ConsumeIdentifier();
            value = field.EnumType.FindValueByName(text);
            number = value?.Number ?? 0;
        }
        else if (LookingAt("-") || LookingAtType(TextFormatTokenType.Integer))
        {
            number = (int)ConsumeSignedInteger(int.MaxValue);
            text = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            value = field.EnumType.FindValueByNumber(number);

            // proto3 enums are open: an unnamed number is kept. proto2 enums are closed.
            if (value is null && field.EnumType.File.ToProto().Syntax is not ("" or "proto2"))
            {
                return number;
            }
        }
        else
        {
            throw Error($"Expected integer or identifier, got: {Current.Text}");
        }

        return value?.Number ?? throw Error($"Unknown enumeration value of \"{text}\" for field \"{field.Name}\".");
    }

    private string ConsumeUtf8String(FieldDescriptor field)
    {
        var start = Current;
        var bytes = ConsumeString();
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            // C++ stores the bytes and complains only when serializing; a .NET string cannot hold them.
            throw tokenizer.Error(start.Line, start.Column, $"String field \"{field.Name}\" contains invalid UTF-8.");
        }
    }
}
