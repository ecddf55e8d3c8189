using System.CommandLine;
using SealServe.LoadTest.Clients;
using SealServe.LoadTest.Hosting;
using SealServe.LoadTest.Load;
using SealServe.LoadTest.Models;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Commands;

/// <summary><c>drive</c>: load against a server that is already running (e.g. under a profiler), one transport, one concurrency.</summary>
internal sealed class DriveCommand : Command
{
    private readonly Option<string> model = new("--model") { Description = "Model name (its input is the request).", DefaultValueFactory = _ => "half_plus_two" };
    private readonly Option<string> transport = new("--transport") { Description = "grpc or rest.", DefaultValueFactory = _ => "grpc" };
    private readonly Option<int> port = new("--port") { Description = "The server's gRPC or REST port on 127.0.0.1.", Required = true };
    private readonly Option<int> concurrency = new("--concurrency") { DefaultValueFactory = _ => 32 };
    private readonly Option<TimeSpan> duration = new("--duration") { DefaultValueFactory = _ => TimeSpan.FromSeconds(20), CustomParser = DurationText.Parse };
    private readonly Option<TimeSpan> warmup = new("--warmup") { DefaultValueFactory = _ => TimeSpan.FromSeconds(2), CustomParser = DurationText.Parse };
    private readonly Option<int> pid = new("--pid") { Description = "Server process id, to report its CPU time per request." };

    public DriveCommand()
        : base("drive", "Drive an already running server (for profiling): one transport at one concurrency.")
    {
        foreach (var option in new Option[] { model, transport, port, concurrency, duration, warmup, pid })
        {
            Options.Add(option);
        }

        SetAction(async (result, cancellationToken) =>
        {
            var bench = BenchModelCatalog.Resolve(result.GetValue(model)!, LoadTestPaths.RepoRoot, LoadTestPaths.CorpusRoot)[0];
            var target = result.GetValue(port);
            using var channel = GrpcPredictSender.CreateChannel(target);
            using var http = RestPredictSender.CreateClient();
            IRequestSender sender = result.GetValue(transport) == "rest"
                ? new RestPredictSender(http, new Uri($"http://127.0.0.1:{target}/v1/models/{bench.Name}:predict"), Payloads.PredictJson(bench))
                : new GrpcPredictSender(new PredictionService.PredictionServiceClient(channel), Payloads.PredictRequest(bench));
            Func<double>? cpu = result.GetResult(pid) is null ? null : () => ProcessCpu.Seconds(result.GetValue(pid));
            var load = await LoadRunner.RunAsync([sender], result.GetValue(concurrency), result.GetValue(warmup), result.GetValue(duration), cancellationToken, cpu);
            await Console.Out.WriteLineAsync($"{load.Throughput:F1} req/s  p50 {load.P50Micros:F0} µs  p90 {load.P90Micros:F0} µs  p99 {load.P99Micros:F0} µs  errors {load.Errors}  server CPU {load.ServerCpuMicrosPerRequest:F1} µs/req");
            return 0;
        });
    }
}
