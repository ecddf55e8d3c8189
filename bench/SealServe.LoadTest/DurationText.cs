using System.CommandLine.Parsing;
using System.Globalization;

namespace SealServe.LoadTest;

/// <summary>Durations on the command line: <c>500ms</c>, <c>10s</c>, <c>5m</c> (a bare number is seconds).</summary>
internal static class DurationText
{
    public static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value.Trim() : string.Empty;
        if (TryParse(text, out var value))
        {
            return value;
        }

        result.AddError($"'{text}' is not a duration (examples: 500ms, 10s, 5m).");
        return TimeSpan.Zero;
    }

    public static bool TryParse(string text, out TimeSpan value)
    {
        var (number, scale) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
        {
            value = TimeSpan.FromSeconds(amount * scale);
            return true;
        }

        value = default;
        return false;
    }
}
