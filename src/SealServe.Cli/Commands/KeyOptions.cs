using System.CommandLine;
using SealServe.Sealing;

namespace SealServe.Cli.Commands;

/// <summary>
/// The key provider flags (<c>--key_file</c>, <c>--key_env</c>, <c>--key_command</c>, each repeatable) of one command:
/// <c>serve</c>, <c>seal</c> or <c>unseal</c>. Their values (paths, variable names, command lines) are never echoed in
/// errors or logs except through <see cref="KeySource.Describe"/>.
/// </summary>
internal sealed class KeyOptions(string fileDescription = "A key file written by `sealserve keys generate` (repeatable).")
{
    public Option<string[]> File { get; } = Repeatable("--key_file", fileDescription);

    public Option<string[]> Environment { get; } = Repeatable("--key_env", "An environment variable holding a key, in the key file's text (repeatable).");

    public Option<string[]> Command { get; } = Repeatable("--key_command", "A shell command printing a key on standard output, e.g. a vault or KMS command line (repeatable).");

    public IEnumerable<Option> All => [File, Environment, Command];

    /// <summary>A file flag on its own (<c>rekey</c>'s <c>--key_file</c> and <c>--new_key_file</c>).</summary>
    public static Option<string[]> Repeatable(string name, string description) => new(name)
    {
        Description = description,
        Arity = ArgumentArity.OneOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The key sources given, files first, then variables, then commands.</summary>
    public IReadOnlyList<KeySource> Sources(ParseResult result) =>
    [
        .. (result.GetValue(File) ?? []).Select(KeySource.File),
        .. (result.GetValue(Environment) ?? []).Select(KeySource.Environment),
        .. (result.GetValue(Command) ?? []).Select(KeySource.Command),
    ];
}
