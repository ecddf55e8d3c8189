using System.CommandLine;
using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.Sealing.Tools;
using Spectre.Console;

namespace SealServe.Cli.Commands.Seal;

/// <summary><c>sealserve seal SRC --key_file FILE [--out DST] [--not_after DATE]</c>: seals a version folder or a whole base path.</summary>
internal sealed class SealCommand : Command
{
    private readonly Argument<string> source = new("SRC") { Description = "A version folder (base_path/1) or a base path (every version below it)." };
    private readonly KeyOptions keys = new("The key file to seal with.");
    private readonly Option<string> destination = new("--out") { Description = "Write the sealed files here (same layout; bound to this folder's names) instead of in place." };
    private readonly Option<DateTimeOffset?> notAfter = NotAfterOption.Create();

    /// <param name="progress">Draws progress bars (on a terminal only).</param>
    /// <param name="output">Gets the result lines; plain text, never wrapped to a terminal width, so paths stay whole in logs.</param>
    /// <param name="error">Gets failures.</param>
    public SealCommand(IAnsiConsole progress, TextWriter output, TextWriter error, TimeProvider time)
        : base("seal", "Encrypt and authenticate every file of a model version or base path (in place, atomically per file).")
    {
        Arguments.Add(source);
        foreach (var option in keys.All)
        {
            Options.Add(option);
        }

        Options.Add(destination);
        Options.Add(notAfter);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            var expiry = result.GetValue(notAfter);
            if (expiry < time.GetUtcNow())
            {
                throw ServingException.InvalidArgument($"--not_after {SealingErrors.Format(expiry.Value)} is already past");
            }

            using var key = ToolKeys.LoadOne(keys.Sources(result), "seal");
            var written = ConsoleFileProgress.Run(progress, "sealing", bars => new ModelSealer(key, bars).Seal(result.GetValue(source)!, result.GetValue(destination), expiry));
            foreach (var file in written)
            {
                output.WriteLine($"{(file.IsManifest ? "manifest" : "sealed")} {file.FullPath}");
            }

            var until = expiry is { } date ? $", not after {SealingErrors.Format(date)}" : string.Empty;
            output.WriteLine($"Sealed {written.Count(f => !f.IsManifest)} file(s) with key {key.Id}{until}.");
            return 0;
        }));
    }
}
