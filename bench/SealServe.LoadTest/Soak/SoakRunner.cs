using System.Globalization;
using System.Text;
using SealServe.LoadTest.Clients;
using SealServe.LoadTest.Hosting;
using SealServe.LoadTest.Load;
using SealServe.LoadTest.Models;
using SealServe.LoadTest.Suite;
using Spectre.Console;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Soak;

/// <summary>
/// The memory target's second half: the demo model under full load (half the workers on gRPC, half on REST)
/// for minutes, with the server's resident set sampled throughout; growth shows as end − start.
/// </summary>
internal sealed class SoakRunner(string cliDll, BenchModel model, int concurrency, TimeSpan duration, TimeSpan sampleEvery, IAnsiConsole console, TimeSpan? faultEvery = null)
{
    public async Task<string> RunAsync(string commandLine, string repoRoot, CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("sealserve-soak-").FullName;
        try
        {
            // With faults, a hung read fails its version after 5 s instead of the default 600.
            string[] flags = faultEvery is null ? [] : ["--model_load_timeout_s=5"];
            using var server = await ServerUnderTest.StartSealServeAsync(cliDll, model, scratch, flags, cancellationToken);
            var pid = server.Process.Id;
            var loaded = ProcessMemory.ResidentMiB(pid);
            using var channel = GrpcPredictSender.CreateChannel(server.GrpcPort);
            using var http = RestPredictSender.CreateClient();
            IRequestSender[] senders =
            [
                new GrpcPredictSender(new PredictionService.PredictionServiceClient(channel), Payloads.PredictRequest(model)),
                new RestPredictSender(http, new Uri($"http://127.0.0.1:{server.RestPort}/v1/models/{model.Name}:predict"), Payloads.PredictJson(model)),
            ];

            // Warm-up: JIT, pools and connections settle before the start reading.
            await LoadRunner.RunAsync(senders, concurrency, TimeSpan.Zero, TimeSpan.FromSeconds(15), cancellationToken);
            var samples = new List<(double Seconds, double MiB)> { (0, ProcessMemory.ResidentMiB(pid)) };
            console.MarkupLine($"soak: sealserve pid {pid}, start RSS {samples[0].MiB:F1} MiB");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sampler = SampleAsync(pid, samples, stop.Token);
            var faults = faultEvery is { } every ? new FaultInjector(Path.Combine(scratch, "models", model.Name), model.OnnxPath, every) : null;
            var injecting = faults?.RunAsync(stop.Token) ?? Task.CompletedTask;
            var result = await LoadRunner.RunAsync(senders, concurrency, TimeSpan.Zero, duration, cancellationToken);
            samples.Add((duration.TotalSeconds, ProcessMemory.ResidentMiB(pid)));
            await stop.CancelAsync();
            await sampler;
            await injecting;
            var status = await http.GetStringAsync(new Uri($"http://127.0.0.1:{server.RestPort}/v1/models/{model.Name}"), cancellationToken);
            return Markdown(commandLine, repoRoot, loaded, result, samples, ProcessMemory.PeakResidentMiB(pid), faults, status);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private async Task SampleAsync(int pid, List<(double Seconds, double MiB)> samples, CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            while (true)
            {
                await Task.Delay(sampleEvery, cancellationToken);
                var reading = (clock.Elapsed.TotalSeconds, ProcessMemory.ResidentMiB(pid));
                lock (samples)
                {
                    samples.Add(reading);
                }

                console.MarkupLine($"soak: {reading.TotalSeconds,6:F0} s  RSS {reading.Item2:F1} MiB");
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Markdown(string commandLine, string repoRoot, double loaded, LoadResult result, List<(double Seconds, double MiB)> samples, double peak, FaultInjector? faults, string status)
    {
        var md = MachineInfo.StartReport(string.Create(CultureInfo.InvariantCulture, $"### Soak of {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: {model.Name}, {concurrency} workers (half gRPC, half REST), {duration.TotalMinutes:0.#} min"), repoRoot);

        md.AppendLine(CultureInfo.InvariantCulture, $"| Command | `{commandLine}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Load | {result.Throughput:F0} req/s, p50 {result.P50Micros:F0} µs, p99 {result.P99Micros:F0} µs, {result.Errors} errors |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| RSS loaded, idle | {loaded:F1} MiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| RSS start (after 15 s warm-up) | {samples[0].MiB:F1} MiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| RSS end | {samples[^1].MiB:F1} MiB |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Peak (VmHWM) | {peak:F1} MiB |");
        if (faults is not null)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| Faults | {faults.Good} good versions added, {faults.Corrupt} corrupt, {faults.Hanging} hanging (FIFO), {faults.Removed} ended versions removed |");
        }

        md.AppendLine();
        md.AppendLine("Model status at the end:");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(status.TrimEnd());
        md.AppendLine("```");
        md.AppendLine();
        md.AppendLine("| Seconds | RSS MiB |");
        md.AppendLine("|---:|---:|");
        foreach (var (seconds, mib) in samples.OrderBy(s => s.Seconds).DistinctBy(s => Math.Round(s.Seconds)))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {seconds:F0} | {mib:F1} |");
        }

        return md.ToString();
    }
}
