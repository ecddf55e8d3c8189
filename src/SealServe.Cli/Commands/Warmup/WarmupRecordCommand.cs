using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Models;
using SealServe.Models.Loading;
using SealServe.Models.Management;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.Server.Warmup;

namespace SealServe.Cli.Commands.Warmup;

/// <summary>
/// <c>sealserve warmup record</c>: writes a warmup file from REST predict bodies (one JSON object per line),
/// read against the model's own signatures, so no TensorFlow is needed to make one.
/// </summary>
internal sealed class WarmupRecordCommand : Command
{
    private static readonly Option<string> ModelBasePath = new("--model_base_path") { Description = "The model's base path; its latest version gives the signatures.", Required = true };
    private static readonly Option<string> ModelName = new("--model_name") { Description = "Model name written into the logged requests.", DefaultValueFactory = _ => "default" };
    private static readonly Option<FileInfo> Requests = new("--requests") { Description = "File of REST predict bodies, one JSON object per line.", Required = true };
    private static readonly Option<FileInfo?> Out = new("--out") { Description = "File to write; defaults to <latest version>/assets.extra/tf_serving_warmup_requests." };

    private readonly TextWriter output;
    private readonly TextWriter error;

    public WarmupRecordCommand(TextWriter output, TextWriter error)
        : base("record", "Write a warmup file (TFRecord of PredictionLog) from example REST predict requests.")
    {
        this.output = output;
        this.error = error;
        Options.Add(ModelBasePath);
        Options.Add(ModelName);
        Options.Add(Requests);
        Options.Add(Out);
        SetAction((result, cancellationToken) => Task.FromResult(Run(result, cancellationToken)));
    }

    private int Run(ParseResult result, CancellationToken cancellationToken)
    {
        var basePath = Path.GetFullPath(result.GetRequiredValue(ModelBasePath));
        using var services = new ServiceCollection().AddLogging(l => l.ClearProviders()).AddSealServeModels(new ModelServingOptions()).BuildServiceProvider();
        try
        {
            var version = services.GetRequiredService<IModelSource>().ListVersions(basePath).LastOrDefault()
                ?? throw ServingException.NotFound($"No version folder under {basePath}");
            var loader = services.GetRequiredService<ModelLoaders>().Find(version)
                ?? throw ServingException.NotFound($"No model file found in {version.Path}");
            using var servable = loader.Load(version, services.GetRequiredService<IModelFiles>().Open(version.Files), cancellationToken);
            var target = result.GetValue(Out)?.FullName ?? Path.Combine(version.Path, ServableManager.WarmupFile);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bodies = File.ReadLines(result.GetRequiredValue(Requests).FullName).Where(line => !string.IsNullOrWhiteSpace(line));
            int count;
            using (var file = File.Create(target))
            {
                count = WarmupFileWriter.Write(servable, result.GetValue(ModelName)!, bodies, file);
            }

            output.WriteLine($"Wrote {count} warmup record(s) to {target}");
            return 0;
        }
        catch (Exception e) when (e is ServingException or IOException)
        {
            error.WriteLine($"warmup record: {e.Message}");
            return 1;
        }
    }
}
