using System.CommandLine;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;

namespace SealServe.Cli.Commands.Keys.Generate;

/// <summary>
/// <c>sealserve keys generate --out FILE</c>: writes a new random key file readable by its owner only (0600),
/// refusing to replace an existing one, and prints the key id alone on standard output for scripts.
/// </summary>
internal sealed class KeysGenerateCommand : Command
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly Option<string> output = new("--out") { Description = "The key file to create (never overwritten).", Required = true };

    public KeysGenerateCommand(TextWriter standardOutput, TextWriter error)
        : base("generate", "Write a new random AES-256 key file (mode 0600) and print its key id.")
    {
        Options.Add(output);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            var path = result.GetValue(output)!;
            using var key = KeyEncryptionKey.Generate();
            var text = KeyFileFormat.Format(key);
            try
            {
                AtomicFile.Write(path, stream => stream.Write(text), overwrite: false, OwnerOnly);
            }
            finally
            {
                Array.Clear(text);
            }

            standardOutput.WriteLine(key.Id);
            error.WriteLine($"Wrote key {key.Id} to {path} (mode 0600). Anyone holding this file can unseal what it seals: keep it apart from the models.");
            return 0;
        }));
    }
}
