using System.CommandLine;
using SealServe.Sealing.Tools;
using Spectre.Console;

namespace SealServe.Cli.Commands.Unseal;

/// <summary><c>sealserve unseal SRC --key_file FILE --out DST</c>: writes the plaintext elsewhere, for debugging (never in place).</summary>
internal sealed class UnsealCommand : Command
{
    private readonly Argument<string> source = new("SRC") { Description = "A sealed version folder or base path." };
    private readonly KeyOptions keys = new();
    private readonly Option<string> destination = new("--out") { Description = "Where to write the plaintext files (outside SRC).", Required = true };

    /// <param name="progress">Draws progress bars (on a terminal only).</param>
    /// <param name="output">Gets the result lines; plain text, never wrapped to a terminal width, so paths stay whole in logs.</param>
    /// <param name="error">Gets failures.</param>
    public UnsealCommand(IAnsiConsole progress, TextWriter output, TextWriter error)
        : base("unseal", "Decrypt a sealed model into another folder, verifying every chunk (for debugging; plaintext reaches disk).")
    {
        Arguments.Add(source);
        foreach (var option in keys.All)
        {
            Options.Add(option);
        }

        Options.Add(destination);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            using var ring = ToolKeys.Load(keys.Sources(result));
            var written = ConsoleFileProgress.Run(progress, "unsealing", bars => new ModelUnsealer(ring, bars).Unseal(result.GetValue(source)!, result.GetValue(destination)!));
            foreach (var file in written)
            {
                output.WriteLine($"wrote {file.FullPath}");
            }

            output.WriteLine($"Unsealed {written.Count} file(s) into {result.GetValue(destination)}.");
            return 0;
        }));
    }
}
