using System.Globalization;
using System.Text;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// TF Serving's decimal text for float and double values in REST responses (its <c>WriteDecimal</c>):
/// <c>%g</c> with 6 significant digits, or 9 (float) / 17 (double) when 6 do not read back as the same
/// value, then <c>.0</c> when the text has neither <c>.</c> nor <c>e</c>; non-finite values are the bare
/// tokens <c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c>.
/// </summary>
/// <remarks>
/// Allocation-free: digits come from .NET's shortest round-trip and <c>E</c> formatting into stack buffers.
/// For normal numbers the 6-digit text reads back exactly when the shortest round-trip text has at most 6
/// significant digits (6-digit decimals are further apart than a float's rounding interval is wide, so at
/// most one of them can read back, and it is then the shortest text), which saves TF Serving's parse-back
/// step; subnormals, whose interval is wider, take TF Serving's path.
/// </remarks>
internal static class TfFloatFormat
{
    /// <summary>Enough bytes for any result (<c>-2.2250738585072014e-308</c> is 24).</summary>
    public const int MaxLength = 32;

    private const int ShortPrecision = 6;
    private const int FloatPrecision = 9;
    private const int DoublePrecision = 17;

    public static string Format(float value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        TryFormat(value, text, out var length);
        return Encoding.ASCII.GetString(text[..length]);
    }

    public static string Format(double value)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        TryFormat(value, text, out var length);
        return Encoding.ASCII.GetString(text[..length]);
    }

    /// <summary>Writes <paramref name="value"/> as UTF-8; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormat(float value, Span<byte> destination, out int bytesWritten) =>
        TryFormatCore(value, isFloat: true, destination, out bytesWritten);

    /// <summary>Writes <paramref name="value"/> as UTF-8; false when <paramref name="destination"/> is too small.</summary>
    public static bool TryFormat(double value, Span<byte> destination, out int bytesWritten) =>
        TryFormatCore(value, isFloat: false, destination, out bytesWritten);

    /// <summary>
    /// The shortest round-trip decimal digits of a finite value (of the float when <paramref name="isFloat"/>):
    /// value = 0.d1d2…dn × 10^(<paramref name="exponent"/> + 1). Returns n (trailing zeros removed), 0 for zero.
    /// </summary>
    internal static int ShortestDigits(double value, bool isFloat, Span<byte> digits, out bool negative, out int exponent)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        int length;
        var formatted = isFloat
            ? ((float)value).TryFormat(text, out length, default, CultureInfo.InvariantCulture)
            : value.TryFormat(text, out length, default, CultureInfo.InvariantCulture);
        if (!formatted)
        {
            throw new InvalidOperationException("A float's round-trip text does not fit its buffer.");
        }

        return ParseDigits(text[..length], digits, out negative, out exponent);
    }

    private static bool TryFormatCore(double value, bool isFloat, Span<byte> destination, out int bytesWritten)
    {
        if (!double.IsFinite(value))
        {
            ReadOnlySpan<byte> token = double.IsNaN(value) ? "NaN"u8 : value > 0 ? "Infinity"u8 : "-Infinity"u8;
            bytesWritten = token.TryCopyTo(destination) ? token.Length : 0;
            return bytesWritten > 0;
        }

        Span<byte> digits = stackalloc byte[MaxLength];
        var count = ShortestDigits(value, isFloat, digits, out var negative, out var exponent);
        var precision = ShortPrecision;
        if (IsSubnormal(value, isFloat))
        {
            // Too few bits for the shortcut: several 6-digit texts may read back. Do as TF Serving does.
            count = FormatDigits(value, "E5", digits, out negative, out exponent);
            if (!ReadsBack(value, isFloat, negative, digits[..count], exponent))
            {
                precision = isFloat ? FloatPrecision : DoublePrecision;
                count = FormatDigits(value, isFloat ? "E8" : "E16", digits, out negative, out exponent);
            }
        }
        else if (count > ShortPrecision)
        {
            // %.9g of the float (as double) or %.17g of the double.
            precision = isFloat ? FloatPrecision : DoublePrecision;
            count = FormatDigits(value, isFloat ? "E8" : "E16", digits, out negative, out exponent);
        }

        var writer = new AsciiSpanWriter(destination);
        WriteG(ref writer, negative, digits[..count], exponent, precision);
        if (!writer.Written.Contains((byte)'.') && !writer.Written.Contains((byte)'e'))
        {
            writer.Append(".0"u8);
        }

        bytesWritten = writer.Overflowed ? 0 : writer.Length;
        return !writer.Overflowed;
    }

    private static bool IsSubnormal(double value, bool isFloat) =>
        value != 0 && (isFloat ? float.IsSubnormal((float)value) : double.IsSubnormal(value));

    /// <summary>The digits of <paramref name="value"/> rounded by a .NET <c>E</c> format (<c>E5</c> = 6 significant digits).</summary>
    private static int FormatDigits(double value, string format, Span<byte> digits, out bool negative, out int exponent)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        if (!value.TryFormat(text, out var length, format, CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("An exponent-format float does not fit its buffer.");
        }

        return ParseDigits(text[..length], digits, out negative, out exponent);
    }

    /// <summary>TF Serving's check: does the 6-digit text parse back to the same float/double?</summary>
    private static bool ReadsBack(double value, bool isFloat, bool negative, scoped ReadOnlySpan<byte> digits, int exponent)
    {
        Span<byte> text = stackalloc byte[MaxLength];
        var writer = new AsciiSpanWriter(text);
        WriteG(ref writer, negative, digits, exponent, ShortPrecision);
        return isFloat
            ? float.TryParse(writer.Written, NumberStyles.Float, CultureInfo.InvariantCulture, out var single) && single == (float)value
            : double.TryParse(writer.Written, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == value;
    }

    /// <summary>printf's <c>%.{precision}g</c> layout of digits d1…dn × 10^exponent (d1 before the point).</summary>
    private static void WriteG(ref AsciiSpanWriter writer, bool negative, scoped ReadOnlySpan<byte> digits, int exponent, int precision)
    {
        if (negative)
        {
            writer.Append((byte)'-');
        }

        if (digits.IsEmpty)
        {
            writer.Append((byte)'0');
            return;
        }

        if (exponent < -4 || exponent >= precision)
        {
            writer.Append(digits[0]);
            if (digits.Length > 1)
            {
                writer.Append((byte)'.');
                writer.Append(digits[1..]);
            }

            writer.Append((byte)'e');
            writer.Append(exponent < 0 ? (byte)'-' : (byte)'+');
            var magnitude = Math.Abs(exponent);
            if (magnitude < 10)
            {
                writer.Append((byte)'0');
            }

            writer.AppendInteger(magnitude);
        }
        else if (exponent >= 0)
        {
            var integerDigits = exponent + 1;
            writer.Append(digits[..Math.Min(integerDigits, digits.Length)]);
            writer.AppendZeros(integerDigits - digits.Length);
            if (digits.Length > integerDigits)
            {
                writer.Append((byte)'.');
                writer.Append(digits[integerDigits..]);
            }
        }
        else
        {
            writer.Append("0."u8);
            writer.AppendZeros(-exponent - 1);
            writer.Append(digits);
        }
    }

    /// <summary>
    /// Reads .NET's invariant number text (<c>-123.45</c>, <c>1.5E-05</c>, <c>1.23456792E+008</c>) into its
    /// significant digits (no leading or trailing zeros) and the decimal exponent of the first one.
    /// </summary>
    private static int ParseDigits(ReadOnlySpan<byte> text, Span<byte> digits, out bool negative, out int exponent)
    {
        var i = 0;
        negative = text[0] == '-';
        if (negative)
        {
            i++;
        }

        var count = 0;
        var integerDigits = 0;
        var leadingZeros = 0;
        var afterPoint = false;
        for (; i < text.Length && text[i] != 'E' && text[i] != 'e'; i++)
        {
            var c = text[i];
            if (c == '.')
            {
                afterPoint = true;
                continue;
            }

            if (!afterPoint)
            {
                integerDigits++;
            }

            if (count == 0 && c == '0')
            {
                leadingZeros++;
            }
            else
            {
                digits[count++] = c;
            }
        }

        var power = 0;
        if (i < text.Length)
        {
            i++;
            var negativePower = text[i] == '-';
            if (text[i] == '-' || text[i] == '+')
            {
                i++;
            }

            for (; i < text.Length; i++)
            {
                power = (power * 10) + (text[i] - '0');
            }

            power = negativePower ? -power : power;
        }

        while (count > 0 && digits[count - 1] == '0')
        {
            count--;
        }

        exponent = count == 0 ? 0 : integerDigits - 1 - leadingZeros + power;
        return count;
    }
}
