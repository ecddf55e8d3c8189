using System.CommandLine;
using System.Globalization;
using SealServe.Core.Errors;
using SealServe.Sealing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Tools;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Cli.Commands.Inspect;

/// <summary>
/// <c>sealserve inspect PATH</c>: one line per file, sealed or plain, with what its header says; no key needed.
/// Plain aligned columns (not a drawn table) so the output greps and diffs well. Exits 1 when any file has a
/// problem the server would refuse, so scripts can gate a deployment on it. For each plain TensorFlow version (SavedModel
/// or frozen GraphDef) it then lists the ops the server cannot run, per group of signatures, without loading the model:
/// such ops also make it exit 1.
/// </summary>
internal sealed class InspectCommand : Command
{
    private static readonly string[] Columns = ["FILE", "STATE", "FORMAT", "KEY ID", "SIZE", "STORED", "NOT AFTER", "PROBLEM"];

    private readonly Argument<string> path = new("PATH") { Description = "A base path, a version folder or one file." };
    private readonly Option<string> tags = new("--saved_model_tags") { Description = "Comma-separated tags choosing the MetaGraphDef whose ops are checked.", DefaultValueFactory = _ => "serve" };

    public InspectCommand(TextWriter output, TextWriter error, TimeProvider time)
        : base("inspect", "Show, without any key, whether each model file is sealed, with its format version, key id, sizes and expiry.")
    {
        Arguments.Add(path);
        Options.Add(tags);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            var root = result.GetValue(path)!;
            var files = new ModelInspector(time).Inspect(root);
            var rows = files.Select(f => Row(f, root)).Prepend(Columns).ToArray();
            Write(output, rows);
            output.WriteLine(
                $"{files.Count} file(s): {files.Count(f => f.Kind == SealedFileKind.Sealed)} sealed, {files.Count(f => f.Kind == SealedFileKind.Plain)} plain, {files.Count(f => f.Problem is not null)} with problems");
            var unsupported = WriteTensorFlowOps(output, root, files, (result.GetValue(tags) ?? "serve").Split(',', StringSplitOptions.RemoveEmptyEntries));
            return files.Any(f => f.Problem is not null) || unsupported ? 1 : 0;
        }));
    }

    /// <summary>One line per TensorFlow version folder under <paramref name="root"/>; true when one uses an op that cannot run.</summary>
    private static bool WriteTensorFlowOps(TextWriter output, string root, IReadOnlyList<FileInspection> files, string[] tags)
    {
        var unsupported = false;
        foreach (var version in TensorFlowVersions(root))
        {
            var name = Path.GetRelativePath(root, version) is "." ? version : Path.GetRelativePath(root, version);
            if (files.Any(f => f.Kind != SealedFileKind.Plain && f.File.FullPath.StartsWith(version + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                output.WriteLine($"TensorFlow ops of {name}: not checked (sealed: the server checks them when it loads the model)");
                continue;
            }

            IReadOnlyList<ModelOpCheck.Result> groups;
            try
            {
                groups = ModelOpCheck.Check(new DirectorySavedModelFiles(version), tags, version);
            }
            catch (ServingException e)
            {
                output.WriteLine($"TensorFlow ops of {name}: cannot be read: {e.Message}");
                unsupported = true;
                continue;
            }

            foreach (var group in groups)
            {
                var signatures = string.Join(", ", group.SignatureKeys);
                unsupported |= group.Unsupported.Count > 0;
                output.WriteLine(group.Unsupported.Count == 0
                    ? $"TensorFlow ops of {name} [{signatures}]: all can run"
                    : $"TensorFlow ops of {name} [{signatures}]: cannot run {string.Join(", ", group.Unsupported)}");
            }
        }

        return unsupported;
    }

    /// <summary><paramref name="root"/> itself when it is a TensorFlow version folder, else its numbered version folders that are.</summary>
    private static IEnumerable<string> TensorFlowVersions(string root)
    {
        if (!Directory.Exists(root))
        {
            return [];
        }

        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        if (ModelOpCheck.Applies(new DirectorySavedModelFiles(full)))
        {
            return [full];
        }

        return Directory.EnumerateDirectories(full)
            .Where(d => long.TryParse(Path.GetFileName(d), out var v) && v > 0 && ModelOpCheck.Applies(new DirectorySavedModelFiles(d)))
            .Order(StringComparer.Ordinal);
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
