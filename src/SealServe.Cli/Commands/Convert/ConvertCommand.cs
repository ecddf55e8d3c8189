using System.CommandLine;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Cli.Commands.Convert;

/// <summary>
/// <c>sealserve convert SRC --out model.onnx</c>: writes the ONNX model SealServe translates a plain SavedModel
/// (one signature) or a frozen GraphDef into, for debugging and migration. Sealed input is refused: converting
/// it would write its plaintext to disk.
/// </summary>
internal sealed class ConvertCommand : Command
{
    private readonly Argument<string> source = new("SRC") { Description = "A SavedModel version folder (with saved_model.pb), a base path of numbered versions (the highest is used), or a frozen GraphDef .pb file." };
    private readonly Option<string> output = new("--out") { Description = "The ONNX file to write.", Required = true };
    private readonly Option<string> signatureName = new("--signature_name") { Description = "The SavedModel signature to translate (default: serving_default, or the only one)." };
    private readonly Option<string> tags = new("--saved_model_tags") { Description = "Comma-separated tags choosing the MetaGraphDef.", DefaultValueFactory = _ => "serve" };

    public ConvertCommand(TextWriter output, TextWriter error)
        : base("convert", "Translate a plain (unsealed) SavedModel or frozen GraphDef into the ONNX model SealServe would serve, and write it.")
    {
        Arguments.Add(source);
        Options.Add(this.output);
        Options.Add(signatureName);
        Options.Add(tags);
        SetAction(result => ToolRunner.Run(error, () =>
        {
            var settings = new ConvertSettings(
                Path.GetFullPath(result.GetValue(source)!),
                Path.GetFullPath(result.GetValue(this.output)!),
                result.GetValue(signatureName),
                (result.GetValue(tags) ?? "serve").Split(',', StringSplitOptions.RemoveEmptyEntries));
            var model = Convert(settings);
            File.WriteAllBytes(settings.Output, model.ToByteArray());
            output.WriteLine(
                $"Wrote {settings.Output}: inputs {string.Join(", ", model.Graph.Input.Select(i => i.Name))}; outputs {string.Join(", ", model.Graph.Output.Select(o => o.Name))}");
            return 0;
        }));
    }

    /// <summary>Translates the source described by <paramref name="settings"/>; throws a ServingException naming the problem.</summary>
    public static Onnx.ModelProto Convert(ConvertSettings settings)
    {
        var modelName = Path.GetFileNameWithoutExtension(settings.Source.TrimEnd(Path.DirectorySeparatorChar));
        if (File.Exists(settings.Source))
        {
            RefuseSealed(settings.Source);
            return SavedModelConverter.ConvertFrozenGraph(File.ReadAllBytes(settings.Source), settings.Source, modelName);
        }

        if (!Directory.Exists(settings.Source))
        {
            throw ServingException.NotFound($"{settings.Source} does not exist.");
        }

        var folder = SavedModelFolder(settings.Source);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            RefuseSealed(file);
        }

        return SavedModelConverter.ConvertSavedModel(new DirectorySavedModelFiles(folder), settings.Tags, settings.SignatureName, folder, modelName);
    }

    /// <summary>The folder itself when it holds a SavedModel, else its highest numbered version folder.</summary>
    private static string SavedModelFolder(string folder)
    {
        if (SavedModelReader.IsSavedModel(new DirectorySavedModelFiles(folder)))
        {
            return folder;
        }

        var latest = Directory.EnumerateDirectories(folder)
            .Select(d => (Path: d, Version: long.TryParse(Path.GetFileName(d), out var v) && v > 0 ? v : -1))
            .Where(d => d.Version > 0)
            .OrderByDescending(d => d.Version)
            .Select(d => d.Path)
            .FirstOrDefault();
        return latest ?? folder;
    }

    /// <summary>Uses the sealed format's own header check, so a damaged seal is refused as well.</summary>
    private static void RefuseSealed(string file)
    {
        using var stream = File.OpenRead(file);
        if (SealedFileHeader.Peek(stream) != SealedFileKind.Plain)
        {
            throw ServingException.FailedPrecondition(
                $"{file} is sealed: convert refuses sealed models because it would write their plaintext to disk. Convert the original, unsealed model.");
        }
    }
}
