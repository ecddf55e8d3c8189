namespace SealServe.Server.Codecs.Json;

/// <summary>
/// Reads a short JSON decimal such as <c>-3.996</c> to the double a full parser gives, faster: with at most 2^53 as its
/// digits read as an integer and at most 22 digits after the point, both that integer and the power of ten are exact
/// doubles, so one IEEE division is the correctly rounded value (Clinger's fast path). Anything else declines.
/// </summary>
internal static class DecimalLiteral
{
    private static readonly double[] PowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    /// <summary>True when <paramref name="literal"/> (valid JSON number syntax) has the form <c>-?digits.digits</c> within the limits.</summary>
    public static bool TryParse(ReadOnlySpan<byte> literal, out double value)
    {
        value = 0;
        var negative = literal.Length > 0 && literal[0] == '-';
        ulong digits = 0;
        var scale = -1;
        for (var i = negative ? 1 : 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c == '.' && scale < 0)
            {
                scale = 0;
                continue;
            }

            var digit = (uint)(c - '0');
            if (digit > 9 || digits > (1UL << 53) / 10)
            {
                return false;
            }

            digits = (digits * 10) + digit;
            if (scale >= 0)
            {
                scale++;
            }
        }

        if (scale <= 0 || scale >= PowersOfTen.Length || digits > 1UL << 53)
        {
            return false;
        }

        value = digits / PowersOfTen[scale];
        value = negative ? -value : value;
        return true;
    }
}
