using System.CommandLine;
using SealServe.Cli.Commands.Keys.Generate;

namespace SealServe.Cli.Commands.Keys;

/// <summary><c>sealserve keys</c>: key management verbs.</summary>
internal sealed class KeysCommand : Command
{
    public KeysCommand(TextWriter output, TextWriter error)
        : base("keys", "Manage key-encryption keys.")
    {
        Subcommands.Add(new KeysGenerateCommand(output, error));
    }
}
