using System.Text;
using System.Text.RegularExpressions;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// An RE2 pattern (TensorFlow's regex ops) run by .NET's non-backtracking engine, which like RE2 takes time linear in
/// the input: RE2's syntax differences are rewritten first (ASCII-only <c>\d \w \s</c>, <c>$</c> at the very end,
/// <c>(?P&lt;name&gt;</c>, <c>\pL</c>, POSIX classes), and rewrites use RE2's <c>\0</c>–<c>\9</c> and <c>\\</c>.
/// </summary>
internal sealed class Re2Regex
{
    private static readonly Dictionary<string, string> PosixClasses = new(StringComparer.Ordinal)
    {
        ["alnum"] = "0-9A-Za-z", ["alpha"] = "A-Za-z", ["ascii"] = @"\x00-\x7F", ["blank"] = @"\t ", ["cntrl"] = @"\x00-\x1F\x7F",
        ["digit"] = "0-9", ["graph"] = @"!-~", ["lower"] = "a-z", ["print"] = @" -~", ["punct"] = @"!-/:-@\[-`{-~",
        ["space"] = @"\t\n\v\f\r ", ["upper"] = "A-Z", ["word"] = "0-9A-Za-z_", ["xdigit"] = "0-9A-Fa-f",
    };

    private readonly Regex regex;

    private Re2Regex(Regex regex) => this.regex = regex;

    /// <summary>Compiles <paramref name="pattern"/>; null with the reason when it is not a pattern SealServe can run.</summary>
    public static Re2Regex? TryCreate(string pattern, out string error)
    {
        try
        {
            error = string.Empty;
            return new Re2Regex(new Regex(Translate(pattern), RegexOptions.NonBacktracking | RegexOptions.CultureInvariant));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>The number of capturing groups (for checking a rewrite's references).</summary>
    public int Groups => regex.GetGroupNumbers().Length - 1;

    /// <summary>
    /// Checks an RE2 rewrite string: <c>\0</c>–<c>\9</c> name groups, <c>\\</c> is a backslash, any other backslash is an
    /// error. Returns the reason, or null when it is valid.
    /// </summary>
    public string? CheckRewrite(string rewrite)
    {
        for (var i = 0; i < rewrite.Length; i++)
        {
            if (rewrite[i] != '\\')
            {
                continue;
            }

            if (++i == rewrite.Length)
            {
                return "Rewrite schema error: '\\' not allowed at end.";
            }

            if (char.IsAsciiDigit(rewrite[i]) && rewrite[i] - '0' > Groups)
            {
                return $"Rewrite schema requests {rewrite[i] - '0'} matches, but the regexp only has {Groups} parenthesized subexpressions.";
            }

            if (!char.IsAsciiDigit(rewrite[i]) && rewrite[i] != '\\')
            {
                return "Rewrite schema error: '\\' must be followed by a digit or '\\'.";
            }
        }

        return null;
    }

    /// <summary>Replaces every match (or the first) of the pattern in UTF-8 <paramref name="input"/> by <paramref name="rewrite"/>.</summary>
    public byte[] Replace(byte[] input, string rewrite, bool global)
    {
        var text = Encoding.UTF8.GetString(input);
        var result = regex.Replace(text, match => Expand(match, rewrite), global ? -1 : 1);
        return ReferenceEquals(result, text) ? input : Encoding.UTF8.GetBytes(result);
    }

    private static string Expand(Match match, string rewrite)
    {
        var text = new StringBuilder();
        for (var i = 0; i < rewrite.Length; i++)
        {
            if (rewrite[i] == '\\' && i + 1 < rewrite.Length)
            {
                var next = rewrite[++i];
                text.Append(char.IsAsciiDigit(next) ? match.Groups[next - '0'].Value : next);
            }
            else
            {
                text.Append(rewrite[i]);
            }
        }

        return text.ToString();
    }

    /// <summary>RE2 syntax → .NET syntax with RE2's meaning.</summary>
    private static string Translate(string pattern)
    {
        var text = new StringBuilder(pattern.Length + 16);
        var inClass = false;
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\' && i + 1 < pattern.Length)
            {
                var next = pattern[++i];
                switch (next)
                {
                    case 'd': text.Append(inClass ? "0-9" : "[0-9]"); break;
                    case 'w': text.Append(inClass ? "0-9A-Za-z_" : "[0-9A-Za-z_]"); break;
                    case 's': text.Append(inClass ? @"\t\n\f\r " : @"[\t\n\f\r ]"); break;
                    case 'D': text.Append(inClass ? @"\x00-/:-\uFFFF" : "[^0-9]"); break;
                    case 'W': text.Append(inClass ? @"\x00-/:-@\[-\^`{-\uFFFF" : "[^0-9A-Za-z_]"); break;
                    case 'S': text.Append(inClass ? @"\x00-\x08\x0B\x0E-\x1F!-\uFFFF" : @"[^\t\n\f\r ]"); break;
                    case 'p' or 'P' when i + 1 < pattern.Length && pattern[i + 1] != '{':
                        text.Append('\\').Append(next).Append('{').Append(pattern[++i]).Append('}');
                        break;
                    case 'z': text.Append(@"\z"); break;
                    default: text.Append('\\').Append(next); break;
                }

                continue;
            }

            if (inClass)
            {
                if (c == '[' && i + 1 < pattern.Length && pattern[i + 1] == ':' && pattern.IndexOf(":]", i + 2, StringComparison.Ordinal) is var end and > 0)
                {
                    var name = pattern[(i + 2)..end];
                    var negated = name.StartsWith('^');
                    if (!negated && PosixClasses.TryGetValue(name, out var members))
                    {
                        text.Append(members);
                        i = end + 1;
                        continue;
                    }
                }

                if (c == '[')
                {
                    text.Append(@"\[");
                    continue;
                }

                inClass = c != ']';
                text.Append(c);
                continue;
            }

            switch (c)
            {
                case '[':
                    inClass = true;
                    text.Append(c);
                    if (i + 1 < pattern.Length && pattern[i + 1] == '^')
                    {
                        text.Append('^');
                        i++;
                    }

                    if (i + 1 < pattern.Length && pattern[i + 1] == ']')
                    {
                        text.Append(@"\]");
                        i++;
                    }

                    break;
                case '$':
                    // RE2's $ is the end of the text (without (?m)); .NET's also matches before a final newline.
                    text.Append(HasMultilineFlag(pattern) ? "$" : @"\z");
                    break;
                case '(' when pattern.AsSpan(i).StartsWith("(?P<"):
                    text.Append("(?<");
                    i += 3;
                    break;
                default:
                    text.Append(c);
                    break;
            }
        }

        return text.ToString();
    }

    private static bool HasMultilineFlag(string pattern) => Regex.IsMatch(pattern, @"\(\?[a-zA-Z]*m");
}
