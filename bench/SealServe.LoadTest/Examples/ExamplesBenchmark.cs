using System.Globalization;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SealServe.LoadTest.Clients;
using SealServe.LoadTest.Hosting;
using SealServe.LoadTest.Load;
using SealServe.LoadTest.Models;
using SealServe.LoadTest.Suite;
using Spectre.Console;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Examples;

/// <summary>
/// What tf.Example costs end to end: one server on <see cref="ExampleClassifierModel"/>, the same values sent as tf.Examples
/// to Classify and as a matrix to Predict, over REST and gRPC. The .NET client's four scenarios run in interleaved
/// slices (the same seconds of a noisy machine); then wrk (REST) and h2load (gRPC) alternate classify and predict.
/// </summary>
internal sealed class ExamplesBenchmark(ExamplesSettings settings, IAnsiConsole console)
{
    private static readonly string[] Scenarios = ["rest-classify", "rest-predict", "grpc-classify", "grpc-predict"];

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("sealserve-examples-").FullName;
        try
        {
            var basePath = Path.Combine(scratch, "models", ExampleClassifierModel.Name);
            ExampleClassifierModel.Write(Path.Combine(basePath, "1"), settings.Features);
            var payloads = new ExamplePayloads(settings.Examples, settings.Features);
            using var server = await ServerUnderTest.StartSealServeAsync(settings.CliDll, ExampleClassifierModel.Name, basePath, settings.ServerFlags, cancellationToken);
            var pid = server.Process.Id;
            using var channel = GrpcPredictSender.CreateChannel(server.GrpcPort);
            using var http = RestPredictSender.CreateClient();
            var client = new PredictionService.PredictionServiceClient(channel);
            var modelUri = $"http://127.0.0.1:{server.RestPort}/v1/models/{ExampleClassifierModel.Name}";
            var classifyJson = payloads.ClassifyJson();
            var predictJson = payloads.PredictJson();
            await VerifyAsync(http, client, modelUri, payloads, classifyJson, predictJson, cancellationToken);

            var senders = new Dictionary<string, IRequestSender>
            {
                ["rest-classify"] = new RestPredictSender(http, new Uri(modelUri + ":classify"), classifyJson),
                ["rest-predict"] = new RestPredictSender(http, new Uri(modelUri + ":predict"), predictJson),
                ["grpc-classify"] = new GrpcClassifySender(client, payloads.ClassifyRequest()),
                ["grpc-predict"] = new GrpcPredictSender(client, payloads.PredictRequest()),
            };
            foreach (var sender in senders.Values)
            {
                await LoadRunner.RunAsync([sender], settings.Concurrency.Max(), TimeSpan.Zero, settings.ServerWarmup / senders.Count, cancellationToken);
            }

            var dotnetRows = new List<(int Concurrency, Dictionary<string, LoadResult> Results)>();
            foreach (var concurrency in settings.Concurrency)
            {
                dotnetRows.Add((concurrency, await InterleavedAsync(senders, concurrency, pid, cancellationToken)));
            }

            var cRows = new List<CRound>();
            if (settings.CRounds > 0)
            {
                cRows = await CGeneratorsAsync(server, payloads, classifyJson, predictJson, scratch, cancellationToken);
            }

            return Markdown(payloads, classifyJson.Length, predictJson.Length, dotnetRows, cRows);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>Both signatures must give the same probabilities for the same values, on both transports, before anything is timed.</summary>
    private static async Task VerifyAsync(HttpClient http, PredictionService.PredictionServiceClient client, string modelUri, ExamplePayloads payloads, byte[] classifyJson, byte[] predictJson, CancellationToken cancellationToken)
    {
        using var classified = JsonDocument.Parse(await PostAsync(http, modelUri + ":classify", classifyJson, cancellationToken));
        using var predicted = JsonDocument.Parse(await PostAsync(http, modelUri + ":predict", predictJson, cancellationToken));
        var restClassify = classified.RootElement.GetProperty("results").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(c => c[1].GetSingle())).ToArray();
        var restPredict = predicted.RootElement.GetProperty("predictions").EnumerateArray().SelectMany(r => r.EnumerateArray().Select(v => v.GetSingle())).ToArray();
        var grpcClassify = (await client.ClassifyAsync(payloads.ClassifyRequest(), cancellationToken: cancellationToken)).Result.Classifications.SelectMany(c => c.Classes.Select(k => k.Score)).ToArray();
        var grpcPredict = (await client.PredictAsync(payloads.PredictRequest(), cancellationToken: cancellationToken)).Outputs["scores"].FloatVal.ToArray();
        foreach (var (name, scores) in new[] { ("REST classify", restClassify), ("gRPC classify", grpcClassify), ("gRPC predict", grpcPredict) })
        {
            if (scores.Length != payloads.Examples * 2 || scores.Zip(restPredict).Any(p => Math.Abs(p.First - p.Second) > 1e-6f))
            {
                throw new InvalidOperationException($"{name} does not answer what REST predict answers ({scores.Length} vs {restPredict.Length} scores).");
            }
        }
    }

    private static async Task<string> PostAsync(HttpClient http, string uri, byte[] body, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri(uri), content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw new InvalidOperationException($"{uri}: {(int)response.StatusCode} {text}");
    }

    private async Task<Dictionary<string, LoadResult>> InterleavedAsync(Dictionary<string, IRequestSender> senders, int concurrency, int pid, CancellationToken cancellationToken)
    {
        var slices = Scenarios.ToDictionary(s => s, _ => new List<LoadSlice>());
        var rounds = Math.Max(1, (int)Math.Round(settings.Duration / settings.Slice));
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < Scenarios.Length; i++)
            {
                var scenario = Scenarios[(round + i) % Scenarios.Length];
                slices[scenario].Add(await LoadRunner.RunSliceAsync([senders[scenario]], concurrency, settings.SliceWarmup, settings.Slice, cancellationToken, () => ProcessCpu.Seconds(pid)));
            }
        }

        var results = slices.ToDictionary(p => p.Key, p => LoadResult.FromSlices(concurrency, p.Value));
        console.MarkupLine($"concurrency {concurrency}: " + string.Join("  ", results.Select(r => $"{r.Key} {r.Value.Throughput:F0}/s {r.Value.ServerCpuMicrosPerRequest:F0} µs")));
        return results;
    }

    private sealed record CRound(string Tool, long ClassifyRequests, double ClassifySeconds, double ClassifyCpu, long PredictRequests, double PredictSeconds, double PredictCpu)
    {
        public double ClassifyThroughput => ClassifyRequests / ClassifySeconds;

        public double PredictThroughput => PredictRequests / PredictSeconds;

        public double ClassifyCpuMicros => ClassifyCpu * 1e6 / ClassifyRequests;

        public double PredictCpuMicros => PredictCpu * 1e6 / PredictRequests;
    }

    /// <summary>Rounds of wrk (REST) and h2load (gRPC), classify and predict in turn, the order alternating per round.</summary>
    private async Task<List<CRound>> CGeneratorsAsync(ServerUnderTest server, ExamplePayloads payloads, byte[] classifyJson, byte[] predictJson, string scratch, CancellationToken cancellationToken)
    {
        var rounds = new List<CRound>();
        var pid = server.Process.Id;
        var restUri = $"http://127.0.0.1:{server.RestPort}/v1/models/{ExampleClassifierModel.Name}";
        var grpcUri = $"http://127.0.0.1:{server.GrpcPort}/tensorflow.serving.PredictionService/";
        var classifyPath = Path.Combine(scratch, "classify.json");
        var predictPath = Path.Combine(scratch, "predict.json");
        await File.WriteAllBytesAsync(classifyPath, classifyJson, cancellationToken);
        await File.WriteAllBytesAsync(predictPath, predictJson, cancellationToken);
        var classifyMessage = payloads.ClassifyRequest().ToByteArray();
        var predictMessage = payloads.PredictRequest().ToByteArray();
        var connections = settings.Concurrency.Max();

        async Task<(long Requests, double Seconds, double Cpu)> Measure(Func<Task<(long Requests, double Seconds)>> run)
        {
            var cpu = ProcessCpu.Seconds(pid);
            var (requests, seconds) = await run();
            return (requests, seconds, ProcessCpu.Seconds(pid) - cpu);
        }

        var tools = new List<(string Tool, Func<Task<(long, double)>> Classify, Func<Task<(long, double)>> Predict)>();
        if (CLoadGenerator.IsInstalled("wrk"))
        {
            tools.Add(($"wrk -t2 -c{connections}", () => CLoadGenerator.WrkAsync(new Uri(restUri + ":classify"), classifyPath, connections, settings.CSeconds, cancellationToken), () => CLoadGenerator.WrkAsync(new Uri(restUri + ":predict"), predictPath, connections, settings.CSeconds, cancellationToken)));
        }

        if (CLoadGenerator.IsInstalled("h2load"))
        {
            tools.Add(($"h2load -c1 -m{connections}", () => CLoadGenerator.H2LoadGrpcAsync(new Uri(grpcUri + "Classify"), classifyMessage, scratch, connections, settings.CSeconds, cancellationToken), () => CLoadGenerator.H2LoadGrpcAsync(new Uri(grpcUri + "Predict"), predictMessage, scratch, connections, settings.CSeconds, cancellationToken)));
        }

        foreach (var (tool, classify, predict) in tools)
        {
            for (var round = 0; round < settings.CRounds; round++)
            {
                (long Requests, double Seconds, double Cpu) c, p;
                if (round % 2 == 0)
                {
                    c = await Measure(classify);
                    p = await Measure(predict);
                }
                else
                {
                    p = await Measure(predict);
                    c = await Measure(classify);
                }

                var row = new CRound(tool, c.Requests, c.Seconds, c.Cpu, p.Requests, p.Seconds, p.Cpu);
                console.MarkupLine($"{tool.EscapeMarkup()} round {round}: classify {row.ClassifyThroughput:F0}/s {row.ClassifyCpuMicros:F0} µs, predict {row.PredictThroughput:F0}/s {row.PredictCpuMicros:F0} µs");
                rounds.Add(row);
            }
        }

        return rounds;
    }

    private string Markdown(ExamplePayloads payloads, int classifyBytes, int predictBytes, List<(int Concurrency, Dictionary<string, LoadResult> Results)> dotnetRows, List<CRound> cRounds)
    {
        var md = MachineInfo.StartReport("## tf.Example: Classify vs Predict on the same values", settings.RepoRoot);
        md.AppendLine(CultureInfo.InvariantCulture, $"| Command | `{settings.CommandLine}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Load average (uptime) | {settings.LoadBefore} → {LoadAverage()} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Request | {payloads.Examples} examples × {payloads.Features} float features; REST bodies {classifyBytes} B (classify) and {predictBytes} B (predict) |");
        md.AppendLine();
        md.AppendLine("The .NET client, interleaved slices (throughput, p50 latency, server CPU per request; ratio = classify / predict):");
        md.AppendLine();
        md.AppendLine("| concurrency | transport | classify req/s | predict req/s | throughput ratio | classify p50 µs | predict p50 µs | classify CPU µs/req | predict CPU µs/req | CPU ratio |");
        md.AppendLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (concurrency, results) in dotnetRows)
        {
            foreach (var transport in new[] { "rest", "grpc" })
            {
                var c = results[$"{transport}-classify"];
                var p = results[$"{transport}-predict"];
                md.AppendLine(CultureInfo.InvariantCulture, $"| {concurrency} | {transport.ToUpperInvariant()} | {c.Throughput:F0} | {p.Throughput:F0} | {c.Throughput / p.Throughput:F2} | {c.P50Micros:F0} | {p.P50Micros:F0} | {c.ServerCpuMicrosPerRequest:F0} | {p.ServerCpuMicrosPerRequest:F0} | {c.ServerCpuMicrosPerRequest / p.ServerCpuMicrosPerRequest:F2} |");
            }
        }

        if (cRounds.Count > 0)
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"C load generators, {settings.CRounds} rounds of {settings.CSeconds.TotalSeconds:F0} s per side, the order alternating (medians; ratio = median of per-round classify / predict):");
            md.AppendLine();
            md.AppendLine("| generator | classify req/s | predict req/s | throughput ratio | classify CPU µs/req | predict CPU µs/req | CPU ratio |");
            md.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
            foreach (var group in cRounds.GroupBy(r => r.Tool))
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"| `{group.Key}` | {Stats.Median(group.Select(r => r.ClassifyThroughput)):F0} | {Stats.Median(group.Select(r => r.PredictThroughput)):F0} | {Stats.Median(group.Select(r => r.ClassifyThroughput / r.PredictThroughput)):F2} | {Stats.Median(group.Select(r => r.ClassifyCpuMicros)):F0} | {Stats.Median(group.Select(r => r.PredictCpuMicros)):F0} | {Stats.Median(group.Select(r => r.ClassifyCpuMicros / r.PredictCpuMicros)):F2} |");
            }
        }

        return md.ToString();
    }

    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}

/// <summary>What <see cref="ExamplesBenchmark"/> runs.</summary>
internal sealed record ExamplesSettings(
    int Examples,
    int Features,
    int[] Concurrency,
    TimeSpan Duration,
    TimeSpan Slice,
    TimeSpan SliceWarmup,
    TimeSpan ServerWarmup,
    int CRounds,
    TimeSpan CSeconds,
    string CliDll,
    string[] ServerFlags,
    string RepoRoot,
    string CommandLine,
    string LoadBefore);
