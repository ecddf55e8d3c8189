using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace SealServe.Cli.Commands.Seal;

/// <summary>
/// <c>--not_after DATE</c>: a date (<c>2026-12-31</c>: served through the end of that day, UTC) or an ISO 8601
/// instant (<c>2026-12-31T18:00:00+01:00</c>; no offset means UTC).
/// </summary>
internal static class NotAfterOption
{
    public static Option<DateTimeOffset?> Create() => new("--not_after")
    {
        Description = "Last day (UTC, inclusive) or ISO 8601 instant the server may load the sealed files.",
        CustomParser = Parse,
    };

    private static DateTimeOffset? Parse(ArgumentResult result)
    {
        var text = result.Tokens.Single().Value;
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddSeconds(-1);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant))
        {
            return instant;
        }

        result.AddError($"--not_after: '{text}' is neither a date (2026-12-31) nor an ISO 8601 instant (2026-12-31T18:00:00Z)");
        return null;
    }
}
