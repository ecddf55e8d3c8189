using System.CommandLine;
using SealServe.Core.Errors;

namespace SealServe.Cli.Commands.Serve;

/// <summary>
/// Unknown <c>serve</c> arguments stop start-up, naming the nearest flag. TF Serving warns and starts anyway,
/// which turns a typo such as <c>--modle_name=m</c> into a model served under the wrong name.
/// </summary>
internal static class UnknownFlags
{
    /// <summary>Throws INVALID_ARGUMENT for the first argument the parser did not match.</summary>
    public static void Check(ParseResult result)
    {
        if (result.UnmatchedTokens is not [var first, ..])
        {
            return;
        }

        var name = first.Split('=', 2)[0];
        if (!name.StartsWith('-'))
        {
            throw ServingException.InvalidArgument($"unexpected argument '{first}': serve takes flags only (--flag=value)");
        }

        var nearest = Nearest(name, result.CommandResult.Command.Options.Where(o => !o.Hidden).Select(o => o.Name));
        throw ServingException.InvalidArgument(nearest is null
            ? $"unknown flag {name} (sealserve serve --help lists them)"
            : $"unknown flag {name}; did you mean {nearest}?");
    }

    /// <summary>The candidate closest to <paramref name="name"/> by edit distance, if close enough to be a typo.</summary>
    internal static string? Nearest(string name, IEnumerable<string> candidates) => candidates
        .Select(c => (Name: c, Distance: EditDistance(name, c)))
        .Where(c => c.Distance <= Math.Max(2, c.Name.Length / 4))
        .OrderBy(c => c.Distance)
        .Select(c => c.Name)
        .FirstOrDefault();

    private static int EditDistance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                current[j] = Math.Min(substitution, Math.Min(previous[j], current[j - 1]) + 1);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
