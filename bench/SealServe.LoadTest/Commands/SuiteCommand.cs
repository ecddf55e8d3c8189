using System.CommandLine;
using SealServe.LoadTest.Models;
using SealServe.LoadTest.Suite;
using Spectre.Console;

namespace SealServe.LoadTest.Commands;

/// <summary>The default verb: every scenario of every model, <c>--runs</c> times, written as Markdown.</summary>
internal sealed class SuiteCommand : RootCommand
{
    private readonly Option<string> models = new("--models") { Description = "all, or a comma-separated list of: " + string.Join(", ", BenchModelCatalog.AllNames), DefaultValueFactory = _ => "all" };
    private readonly Option<int> runs = new("--runs") { Description = "Runs of the whole suite; figures are medians over runs.", DefaultValueFactory = _ => 3 };
    private readonly Option<TimeSpan> duration = new("--duration") { Description = "Measured time per cell (10s, 500ms, 1m).", DefaultValueFactory = _ => TimeSpan.FromSeconds(5), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> warmup = new("--warmup") { Description = "Unrecorded load before each cell.", DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> slice = new("--slice") { Description = "Length of one interleaved slice: each cell's measured time is cut into slices taken in turn with the other scenarios at the same concurrency.", DefaultValueFactory = _ => TimeSpan.FromSeconds(1), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> serverWarmup = new("--server-warmup") { Description = "Load on each freshly started server before anything is recorded (tiered JIT).", DefaultValueFactory = _ => TimeSpan.FromSeconds(5), CustomParser = DurationText.Parse };
    private readonly Option<string> concurrency = new("--concurrency") { Description = "Comma-separated concurrency levels.", DefaultValueFactory = _ => "1,8,32" };
    private readonly Option<string> sweep = new("--sweep") { Description = "Batch sizes of the engine-alone sweep (compute-bound models).", DefaultValueFactory = _ => "1,2,4,8" };
    private readonly Option<string> scenarios = new("--scenarios") { Description = "all, or a comma-separated list of: " + string.Join(", ", Scenarios.All), DefaultValueFactory = _ => "all" };
    private readonly Option<bool> batching = new("--batching") { Description = "Also start the server with --enable_batching (compute-bound models).", DefaultValueFactory = _ => true };
    private readonly Option<string> batchingParameters = new("--batching-parameters") { Description = "BatchingParameters text file passed as --batching_parameters_file." };
    private readonly Option<string> serverFlags = new("--server-flags") { Description = "Extra `sealserve serve` flags, space-separated (e.g. \"--engine_allow_spinning=false\"); engine flags are mirrored into the in-process baseline." };
    private readonly Option<string> output = new("--output") { Description = "Markdown report path. Defaults to artifacts/loadtest/loadtest-<UTC time>.md." };
    private readonly Option<string> cli = new("--sealserve") { Description = "sealserve.dll to start. Defaults to the build of the same configuration." };

    public SuiteCommand(string[] args)
        : base("SealServe load test: drives a real `sealserve serve` at fixed concurrency and compares it with in-process ONNX Runtime, a bare Kestrel JSON endpoint and a bare gRPC service.")
    {
        foreach (var option in new Option[] { models, runs, duration, warmup, slice, serverWarmup, concurrency, sweep, scenarios, batching, batchingParameters, serverFlags, output, cli })
        {
            Options.Add(option);
        }

        Subcommands.Add(new SoakCommand(args));
        Subcommands.Add(new BareServerCommand());
        Subcommands.Add(new DriveCommand());
        Subcommands.Add(new ExamplesCommand(args));
        SetAction((result, cancellationToken) => RunAsync(result, args, cancellationToken));
    }

    private async Task<int> RunAsync(ParseResult result, string[] args, CancellationToken cancellationToken)
    {
        var console = AnsiConsole.Console;
        var date = DateTimeOffset.UtcNow;
        var selected = result.GetValue(scenarios)!;
        var settings = new SuiteSettings(
            BenchModelCatalog.Resolve(result.GetValue(models)!, LoadTestPaths.RepoRoot, LoadTestPaths.CorpusRoot),
            result.GetValue(runs),
            result.GetValue(warmup),
            result.GetValue(duration),
            result.GetValue(slice),
            result.GetValue(serverWarmup),
            Ints(result.GetValue(concurrency)!),
            Ints(result.GetValue(sweep)!),
            (selected == "all" ? Scenarios.All : selected.Split(',', StringSplitOptions.TrimEntries)).ToHashSet(StringComparer.Ordinal),
            result.GetValue(batching),
            Path.GetFullPath(result.GetValue(batchingParameters) ?? Path.Combine(AppContext.BaseDirectory, "batching_parameters.txt")),
            result.GetValue(cli) ?? LoadTestPaths.CliDll,
            (result.GetValue(serverFlags) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
            result.GetValue(output) ?? Path.Combine(LoadTestPaths.RepoRoot, "artifacts", "loadtest", $"loadtest-{date:yyyyMMdd-HHmmss}.md"),
            CommandLineText(args));

        if (!File.Exists(settings.CliDll))
        {
            await Console.Error.WriteLineAsync($"{settings.CliDll} not found: build src/SealServe.Cli -c {LoadTestPaths.Configuration} or pass --sealserve.");
            return 2;
        }

        if (LoadTestPaths.Configuration != "Release")
        {
            console.MarkupLine("[yellow]Not a Release build: figures are not comparable with docs/benchmarks.md.[/]");
        }

        var report = await new SuiteRunner(settings, console).RunAsync(cancellationToken);
        var markdown = report.ToMarkdown(date, LoadTestPaths.RepoRoot);
        Directory.CreateDirectory(Path.GetDirectoryName(settings.OutputPath)!);
        await File.WriteAllTextAsync(settings.OutputPath, markdown, cancellationToken);
        console.WriteLine();
        await Console.Out.WriteAsync(markdown);
        console.MarkupLine($"Report written to [bold]{settings.OutputPath.EscapeMarkup()}[/]");
        return 0;
    }

    internal static int[] Ints(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => int.Parse(t, System.Globalization.CultureInfo.InvariantCulture)).ToArray();

    internal static string CommandLineText(string[] args) =>
        "dotnet run -c Release --project bench/SealServe.LoadTest --" + string.Concat(args.Select(a => " " + a));
}
