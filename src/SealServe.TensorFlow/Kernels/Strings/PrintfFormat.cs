using System.Globalization;
using System.Numerics;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// C's printf conversions that TensorFlow's <c>AsString</c> builds (<c>%[flag][width][.precision](d|u|f|e|g)</c>), with
/// C's results: decimal digits worked out exactly from the binary value and rounded half to even, as glibc does.
/// </summary>
/// <param name="Flag">One of <c>' ' + - 0 #</c>, or <c>'\0'</c> for none.</param>
/// <param name="Width">Minimum field width, or -1.</param>
/// <param name="Precision">Digits after the point (f, e) or significant digits (g), or -1 for C's default of 6.</param>
/// <param name="Conversion"><c>d</c> (integers), <c>f</c>, <c>e</c> or <c>g</c>.</param>
internal sealed record PrintfFormat(char Flag, int Width, int Precision, char Conversion)
{
    public string Format(long value) => Pad(value < 0, value == long.MinValue ? "9223372036854775808" : Math.Abs(value).ToString(CultureInfo.InvariantCulture), isNumber: true);

    public string Format(ulong value) => Pad(false, value.ToString(CultureInfo.InvariantCulture), isNumber: true);

    public string Format(double value)
    {
        var negative = double.IsNegative(value);
        if (!double.IsFinite(value))
        {
            return Pad(negative, double.IsNaN(value) ? "nan" : "inf", isNumber: false);
        }

        var precision = Precision < 0 ? 6 : Precision;
        var magnitude = Math.Abs(value);
        var body = Conversion switch
        {
            'f' => Fixed(magnitude, precision),
            'e' => Scientific(magnitude, precision),
            _ => General(magnitude, precision == 0 ? 1 : precision),
        };
        return Pad(negative, body, isNumber: true);
    }

    private string Fixed(double magnitude, int precision)
    {
        var digits = Round(magnitude, precision).ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        var point = digits.Length - precision;
        return precision == 0 ? digits + (Flag == '#' ? "." : string.Empty) : $"{digits[..point]}.{digits[point..]}";
    }

    private string Scientific(double magnitude, int precision)
    {
        var (digits, exponent) = Significant(magnitude, precision + 1);
        var mantissa = precision == 0 ? digits + (Flag == '#' ? "." : string.Empty) : $"{digits[..1]}.{digits[1..]}";
        return $"{mantissa}e{(exponent < 0 ? '-' : '+')}{Math.Abs(exponent):00}";
    }

    private string General(double magnitude, int precision)
    {
        var (_, exponent) = Significant(magnitude, precision);
        var text = exponent < -4 || exponent >= precision ? Scientific(magnitude, precision - 1) : Fixed(magnitude, precision - 1 - exponent);
        if (Flag == '#' || !text.Contains('.', StringComparison.Ordinal))
        {
            return text;
        }

        var e = text.IndexOf('e', StringComparison.Ordinal);
        var (mantissa, suffix) = e < 0 ? (text, string.Empty) : (text[..e], text[e..]);
        return mantissa.TrimEnd('0').TrimEnd('.') + suffix;
    }

    /// <summary>|value| · 10^<paramref name="decimals"/> rounded half to even, exactly.</summary>
    private static BigInteger Round(double magnitude, int decimals)
    {
        var (numerator, denominator) = Exact(magnitude);
        if (decimals >= 0)
        {
            numerator *= BigInteger.Pow(10, decimals);
        }
        else
        {
            denominator *= BigInteger.Pow(10, -decimals);
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        return twice > denominator || (twice == denominator && !quotient.IsEven) ? quotient + 1 : quotient;
    }

    /// <summary>The first <paramref name="count"/> significant digits of |value| (rounded) and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) Significant(double magnitude, int count)
    {
        if (magnitude == 0)
        {
            return (new string('0', count), 0);
        }

        var exponent = (int)Math.Floor(Math.Log10(magnitude));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var digits = Round(magnitude, count - 1 - exponent).ToString(CultureInfo.InvariantCulture);
            if (digits.Length == count)
            {
                return (digits, exponent);
            }

            exponent += digits.Length > count ? 1 : -1;
        }

        var rounded = Round(magnitude, count - 1 - exponent).ToString(CultureInfo.InvariantCulture);
        return (rounded[..count], exponent + rounded.Length - count);
    }

    /// <summary>A finite double as the exact fraction numerator / denominator.</summary>
    private static (BigInteger Numerator, BigInteger Denominator) Exact(double magnitude)
    {
        var bits = BitConverter.DoubleToInt64Bits(magnitude);
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        var (significand, exponent) = exponentBits == 0 ? (mantissa, -1074) : (mantissa | (1L << 52), exponentBits - 1075);
        return exponent >= 0
            ? (new BigInteger(significand) << exponent, BigInteger.One)
            : (new BigInteger(significand), BigInteger.One << -exponent);
    }

    /// <summary>Sign (flags '+' and ' '), then the field padded to the width: left-justified ('-'), zeros after the sign ('0', numbers only), else spaces first.</summary>
    private string Pad(bool negative, string body, bool isNumber)
    {
        var sign = negative ? "-" : Flag switch { '+' => "+", ' ' => " ", _ => string.Empty };
        var length = sign.Length + body.Length;
        if (length >= Width)
        {
            return sign + body;
        }

        var padding = Width - length;
        return Flag switch
        {
            '-' => sign + body + new string(' ', padding),
            '0' when isNumber => sign + new string('0', padding) + body,
            _ => new string(' ', padding) + sign + body,
        };
    }

}
