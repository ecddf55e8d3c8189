using System.CommandLine;
using SealServe.Sealing;
using SealServe.Sealing.Tools;

namespace SealServe.Cli.Commands.Rekey;

/// <summary><c>sealserve rekey SRC --key_file OLD --new_key_file NEW</c>: rewraps data keys under a new key; the data is not re-encrypted.</summary>
internal sealed class RekeyCommand : Command
{
    private readonly Argument<string> source = new("SRC") { Description = "A sealed version folder or base path (rewritten in place, atomically per file)." };
    private readonly Option<string[]> keyFile = KeyOptions.Repeatable("--key_file", "A key file the files are sealed with now (repeatable).");
    private readonly Option<string[]> newKeyFile = KeyOptions.Repeatable("--new_key_file", "The key file to move the files to.");

    public RekeyCommand(TextWriter output, TextWriter error)
        : base("rekey", "Move sealed files to a new key-encryption key by rewrapping their data keys.")
    {
        Arguments.Add(source);
        Options.Add(keyFile);
        Options.Add(newKeyFile);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            using var oldKeys = ToolKeys.Load([.. (result.GetValue(keyFile) ?? []).Select(KeySource.File)]);
            using var newKey = ToolKeys.LoadOne([.. (result.GetValue(newKeyFile) ?? []).Select(KeySource.File)], "--new_key_file");
            var rewritten = new ModelRekeyer(oldKeys, newKey).Rekey(result.GetValue(source)!);
            foreach (var file in rewritten)
            {
                output.WriteLine($"rekeyed {file.FullPath}");
            }

            output.WriteLine($"Rekeyed {rewritten.Count(f => !f.IsManifest)} file(s) to key {newKey.Id}.");
            return 0;
        }));
    }
}
