using System.Buffers;
using System.Globalization;

namespace SealServe.Models.Config.TextFormat;

/// <summary>
/// Turns the text of integer, float and string tokens into values, as protobuf's
/// <c>Tokenizer::ParseInteger</c>, <c>ParseFloat</c> and <c>ParseStringAppend</c> do. The tokenizer has
/// already rejected malformed tokens, so these only convert.
/// </summary>
internal static class TextFormatLiterals
{
    /// <summary>Parses a decimal, <c>0x</c> hex or leading-zero octal integer; false when above <paramref name="max"/> or overflowing.</summary>
    public static bool TryParseInteger(string text, ulong max, out ulong value)
    {
        value = 0;
        var numberBase = 10u;
        var digits = text.AsSpan();
        if (digits.Length > 1 && digits[0] == '0')
        {
            var hex = digits[1] is 'x' or 'X';
            numberBase = hex ? 16u : 8u;
            digits = hex ? digits[2..] : digits[1..];
        }

        ulong result = 0;
        foreach (var c in digits)
        {
            var digit = (uint)HexValue(c);
            if (digit >= numberBase)
            {
                return false;
            }

            if (result > (ulong.MaxValue - digit) / numberBase)
            {
                return false;
            }

            result = (result * numberBase) + digit;
        }

        if (result > max)
        {
            return false;
        }

        value = result;
        return true;
    }

    /// <summary>True for <c>0x..</c> and leading-zero octal integers, which a float field does not take.</summary>
    public static bool IsHexOrOctal(string text) =>
        text.Length >= 2 && text[0] == '0' && (text[1] is 'x' or 'X' || text[1] is >= '0' and < '8');

    /// <summary>Parses a float token (<c>1.5</c>, <c>.5</c>, <c>1e-3</c>, <c>2f</c>); out-of-range values become infinity.</summary>
    public static double ParseFloat(string text)
    {
        var number = text.AsSpan().TrimEnd("fF");
        return double.Parse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
    }

    /// <summary>Appends the bytes a quoted string literal stands for, resolving C escapes.</summary>
    public static void AppendString(ReadOnlySpan<byte> literal, ArrayBufferWriter<byte> output)
    {
        var quote = literal[0];
        for (var i = 1; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '\\' && i + 1 < literal.Length)
            {
                i = AppendEscape(literal, i + 1, output);
            }
            else if (c != quote || i != literal.Length - 1)
            {
                Append(output, c);
            }
        }
    }

    /// <summary>Appends the escape starting at <paramref name="i"/> (just after the backslash); returns the index of its last character.</summary>
    private static int AppendEscape(ReadOnlySpan<byte> literal, int i, ArrayBufferWriter<byte> output)
    {
        var c = literal[i];
        if (c is >= (byte)'0' and <= (byte)'7')
        {
            var code = c - '0';
            for (var n = 0; n < 2 && i + 1 < literal.Length && literal[i + 1] is >= (byte)'0' and <= (byte)'7'; n++)
            {
                code = (code * 8) + (literal[++i] - '0');
            }

            Append(output, (byte)code);
            return i;
        }

        if (c is (byte)'x' or (byte)'X')
        {
            var code = 0;
            for (var n = 0; n < 2 && i + 1 < literal.Length && IsHexDigit(literal[i + 1]); n++)
            {
                code = (code * 16) + HexValue((char)literal[++i]);
            }

            Append(output, (byte)code);
            return i;
        }

        if (c is (byte)'u' or (byte)'U')
        {
            return AppendUnicodeEscape(literal, i, output);
        }

        Append(output, c switch
        {
            (byte)'a' => (byte)'\a',
            (byte)'b' => (byte)'\b',
            (byte)'f' => (byte)'\f',
            (byte)'n' => (byte)'\n',
            (byte)'r' => (byte)'\r',
            (byte)'t' => (byte)'\t',
            (byte)'v' => (byte)'\v',
            (byte)'\\' or (byte)'?' or (byte)'\'' or (byte)'"' => c,
            _ => (byte)'?',
        });
        return i;
    }

    /// <summary><c>\uXXXX</c> (a UTF-16 surrogate pair may follow as a second <c>\uXXXX</c>) or <c>\UXXXXXXXX</c>, written as UTF-8.</summary>
    private static int AppendUnicodeEscape(ReadOnlySpan<byte> literal, int i, ArrayBufferWriter<byte> output)
    {
        var length = literal[i] == 'u' ? 4 : 8;
        if (!TryReadHex(literal, i + 1, length, out var codePoint))
        {
            Append(output, literal[i]);
            return i;
        }

        var last = i + length;
        if (codePoint is >= 0xd800 and < 0xdc00
            && last + 2 < literal.Length && literal[last + 1] == '\\' && literal[last + 2] == 'u'
            && TryReadHex(literal, last + 3, 4, out var trail) && trail is >= 0xdc00 and < 0xe000)
        {
            codePoint = 0x10000 + (((codePoint - 0xd800) << 10) | (trail - 0xdc00));
            last += 6;
        }

        AppendUtf8(codePoint, output);
        return last;
    }

    private static void AppendUtf8(uint codePoint, ArrayBufferWriter<byte> output)
    {
        if (codePoint > 0x10ffff)
        {
            // Out of Unicode's range: kept as the escape text, as protobuf does.
            foreach (var c in string.Create(CultureInfo.InvariantCulture, $"\\U{codePoint:x8}"))
            {
                Append(output, (byte)c);
            }

            return;
        }

        // Written by hand rather than through Rune: lone surrogates must still be encoded (then rejected
        // for string fields as invalid UTF-8, kept as written for bytes fields), as protobuf does.
        if (codePoint <= 0x7f)
        {
            Append(output, (byte)codePoint);
        }
        else if (codePoint <= 0x7ff)
        {
            Append(output, (byte)(0xc0 | (codePoint >> 6)));
            Append(output, (byte)(0x80 | (codePoint & 0x3f)));
        }
        else if (codePoint <= 0xffff)
        {
            Append(output, (byte)(0xe0 | (codePoint >> 12)));
            Append(output, (byte)(0x80 | ((codePoint >> 6) & 0x3f)));
            Append(output, (byte)(0x80 | (codePoint & 0x3f)));
        }
        else
        {
            Append(output, (byte)(0xf0 | (codePoint >> 18)));
            Append(output, (byte)(0x80 | ((codePoint >> 12) & 0x3f)));
            Append(output, (byte)(0x80 | ((codePoint >> 6) & 0x3f)));
            Append(output, (byte)(0x80 | (codePoint & 0x3f)));
        }
    }

    private static bool TryReadHex(ReadOnlySpan<byte> literal, int start, int length, out uint value)
    {
        value = 0;
        if (start + length > literal.Length)
        {
            return false;
        }

        foreach (var c in literal.Slice(start, length))
        {
            if (!IsHexDigit(c))
            {
                return false;
            }

            value = (value << 4) + (uint)HexValue((char)c);
        }

        return true;
    }

    private static void Append(ArrayBufferWriter<byte> output, byte value)
    {
        output.GetSpan(1)[0] = value;
        output.Advance(1);
    }

    private static bool IsHexDigit(byte c) => char.IsAsciiHexDigit((char)c);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => 36,
    };
}
