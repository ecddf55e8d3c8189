using System.CommandLine;
using System.Globalization;
using SealServe.Sealing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Tools;

namespace SealServe.Cli.Commands.Inspect;

/// <summary>
/// <c>sealserve inspect PATH</c>: one line per file, sealed or plain, with what its header says; no key needed.
/// Plain aligned columns (not a drawn table) so the output greps and diffs well. Exits 1 when any file has a
/// problem the server would refuse, so scripts can gate a deployment on it.
/// </summary>
internal sealed class InspectCommand : Command
{
    private static readonly string[] Columns = ["FILE", "STATE", "FORMAT", "KEY ID", "SIZE", "STORED", "NOT AFTER", "PROBLEM"];

    private readonly Argument<string> path = new("PATH") { Description = "A base path, a version folder or one file." };

    public InspectCommand(TextWriter output, TextWriter error, TimeProvider time)
        : base("inspect", "Show, without any key, whether each model file is sealed, with its format version, key id, sizes and expiry.")
    {
        Arguments.Add(path);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            var root = result.GetValue(path)!;
            var files = new ModelInspector(time).Inspect(root);
            var rows = files.Select(f => Row(f, root)).Prepend(Columns).ToArray();
            Write(output, rows);
            output.WriteLine(
                $"{files.Count} file(s): {files.Count(f => f.Kind == SealedFileKind.Sealed)} sealed, {files.Count(f => f.Kind == SealedFileKind.Plain)} plain, {files.Count(f => f.Problem is not null)} with problems");
            return files.Any(f => f.Problem is not null) ? 1 : 0;
        }));
    }

    private static string[] Row(FileInspection file, string root)
    {
        var name = Directory.Exists(root) ? Path.GetRelativePath(root, file.File.FullPath) : root;
        var size = file.FileLength.ToString(CultureInfo.InvariantCulture);
        var problem = file.Problem ?? string.Empty;
        return file switch
        {
            { Header: { } header } =>
            [
                name, "sealed", $"v{header.FormatVersion}", header.Envelope.KeyId, header.Binding.PlaintextLength.ToString(CultureInfo.InvariantCulture), size,
                header.Binding.NotAfter is { } notAfter ? SealingErrors.Format(notAfter) : "-", problem,
            ],
            { Kind: SealedFileKind.Plain } => [name, "plain", "-", "-", size, size, "-", problem],
            _ => [name, "sealed?", "?", "?", "?", size, "?", problem],
        };
    }

    private static void Write(TextWriter output, string[][] rows)
    {
        var widths = Enumerable.Range(0, Columns.Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
    }
}
