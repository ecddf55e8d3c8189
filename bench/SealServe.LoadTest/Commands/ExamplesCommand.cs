using System.CommandLine;
using SealServe.LoadTest.Examples;
using Spectre.Console;

namespace SealServe.LoadTest.Commands;

/// <summary><c>examples</c>: Classify on tf.Examples vs Predict on the same values, one server, one run (docs/benchmarks.md).</summary>
internal sealed class ExamplesCommand : Command
{
    private readonly Option<int> examples = new("--examples") { Description = "Examples per request.", DefaultValueFactory = _ => 100 };
    private readonly Option<int> features = new("--features") { Description = "Float features per example.", DefaultValueFactory = _ => 10 };
    private readonly Option<string> concurrency = new("--concurrency") { Description = "Comma-separated concurrency levels of the .NET client; the largest is also the C generators' connections (wrk) or streams (h2load).", DefaultValueFactory = _ => "1,8" };
    private readonly Option<TimeSpan> duration = new("--duration") { Description = "Measured time per scenario and concurrency.", DefaultValueFactory = _ => TimeSpan.FromSeconds(10), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> slice = new("--slice") { Description = "Length of one interleaved slice.", DefaultValueFactory = _ => TimeSpan.FromSeconds(1), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> serverWarmup = new("--server-warmup") { Description = "Load on the fresh server before anything is recorded.", DefaultValueFactory = _ => TimeSpan.FromSeconds(8), CustomParser = DurationText.Parse };
    private readonly Option<int> cRounds = new("--c-rounds") { Description = "Rounds of wrk and h2load (each: classify and predict, order alternating); 0 skips them.", DefaultValueFactory = _ => 6 };
    private readonly Option<TimeSpan> cSeconds = new("--c-duration") { Description = "Length of one wrk or h2load run.", DefaultValueFactory = _ => TimeSpan.FromSeconds(4), CustomParser = DurationText.Parse };
    private readonly Option<string> serverFlags = new("--server-flags") { Description = "Extra `sealserve serve` flags, space-separated." };
    private readonly Option<string> cli = new("--sealserve") { Description = "sealserve.dll to start. Defaults to the build of the same configuration." };
    private readonly Option<string> output = new("--output") { Description = "Markdown report path. Defaults to artifacts/loadtest/examples-<UTC time>.md." };

    public ExamplesCommand(string[] args)
        : base("examples", "Classify on tf.Examples vs Predict on the same values as a matrix: one server, REST and gRPC, ratios from one run.")
    {
        foreach (var option in new Option[] { examples, features, concurrency, duration, slice, serverWarmup, cRounds, cSeconds, serverFlags, cli, output })
        {
            Options.Add(option);
        }

        SetAction(async (result, cancellationToken) =>
        {
            var settings = new ExamplesSettings(
                result.GetValue(examples),
                result.GetValue(features),
                SuiteCommand.Ints(result.GetValue(concurrency)!),
                result.GetValue(duration),
                result.GetValue(slice),
                TimeSpan.FromMilliseconds(200),
                result.GetValue(serverWarmup),
                result.GetValue(cRounds),
                result.GetValue(cSeconds),
                result.GetValue(cli) ?? LoadTestPaths.CliDll,
                (result.GetValue(serverFlags) ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries),
                LoadTestPaths.RepoRoot,
                SuiteCommand.CommandLineText(args),
                ExamplesBenchmark.LoadAverage());
            var markdown = await new ExamplesBenchmark(settings, AnsiConsole.Console).RunAsync(cancellationToken);
            var path = result.GetValue(output) ?? Path.Combine(LoadTestPaths.RepoRoot, "artifacts", "loadtest", $"examples-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, markdown, cancellationToken);
            await Console.Out.WriteAsync(markdown);
            return 0;
        });
    }
}
