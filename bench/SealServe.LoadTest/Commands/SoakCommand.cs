using System.CommandLine;
using SealServe.LoadTest.Models;
using SealServe.LoadTest.Soak;
using Spectre.Console;

namespace SealServe.LoadTest.Commands;

/// <summary><c>soak</c>: the demo model under full load for minutes, with the server's resident set at start and end; with <c>--faults</c>, while versions come, go, break and hang.</summary>
internal sealed class SoakCommand : Command
{
    private readonly Option<string> model = new("--model") { Description = "Model to serve.", DefaultValueFactory = _ => "half_plus_two" };
    private readonly Option<TimeSpan> duration = new("--duration") { Description = "Length of the soak.", DefaultValueFactory = _ => TimeSpan.FromMinutes(5), CustomParser = DurationText.Parse };
    private readonly Option<int> concurrency = new("--concurrency") { Description = "Workers (half gRPC, half REST).", DefaultValueFactory = _ => 32 };
    private readonly Option<TimeSpan> sampleEvery = new("--sample-every") { Description = "Interval between RSS readings.", DefaultValueFactory = _ => TimeSpan.FromSeconds(30), CustomParser = DurationText.Parse };
    private readonly Option<string> cli = new("--sealserve") { Description = "sealserve.dll to start. Defaults to the build of the same configuration." };
    private readonly Option<TimeSpan?> faults = new("--faults") { Description = "Inject a fault on the served model's base path this often (new good, corrupt and hanging versions, removals); none by default.", CustomParser = r => DurationText.Parse(r) };
    private readonly Option<string> output = new("--output") { Description = "Markdown report path. Defaults to artifacts/loadtest/soak-<UTC time>.md." };

    public SoakCommand(string[] args)
        : base("soak", "Full load on one model for minutes; reports the server's RSS at start and end (no growth expected).")
    {
        foreach (var option in new Option[] { model, duration, concurrency, sampleEvery, faults, cli, output })
        {
            Options.Add(option);
        }

        SetAction(async (result, cancellationToken) =>
        {
            var bench = BenchModelCatalog.Resolve(result.GetValue(model)!, LoadTestPaths.RepoRoot, LoadTestPaths.CorpusRoot)[0];
            var runner = new SoakRunner(result.GetValue(cli) ?? LoadTestPaths.CliDll, bench, result.GetValue(concurrency), result.GetValue(duration), result.GetValue(sampleEvery), AnsiConsole.Console, result.GetValue(faults));
            var markdown = await runner.RunAsync(SuiteCommand.CommandLineText(args), LoadTestPaths.RepoRoot, cancellationToken);
            var path = result.GetValue(output) ?? Path.Combine(LoadTestPaths.RepoRoot, "artifacts", "loadtest", $"soak-{DateTimeOffset.UtcNow:yyyyMMdd-HHmmss}.md");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, markdown, cancellationToken);
            await Console.Out.WriteAsync(markdown);
            return 0;
        });
    }
}
