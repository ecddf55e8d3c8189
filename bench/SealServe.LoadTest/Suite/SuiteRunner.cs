using Google.Protobuf;
using SealServe.LoadTest.Clients;
using SealServe.LoadTest.Engine;
using SealServe.LoadTest.Hosting;
using SealServe.LoadTest.Load;
using SealServe.LoadTest.Models;
using Spectre.Console;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Suite;

/// <summary>
/// Runs every scenario of every model, run after run, so each run's SealServe figures and baselines come
/// from the same minutes on the same machine: the server as a child process, then the bare baseline as a
/// child process, then the engine in this process (nothing else running meanwhile).
/// </summary>
internal sealed class SuiteRunner(SuiteSettings settings, IAnsiConsole console)
{
    /// <summary>The server logs this when a flag is only accepted for compatibility (CliLog 6002).</summary>
    private const string BatchingNotImplemented = "not implemented yet: --enable_batching";

    private readonly List<Measurement> measurements = [];
    private readonly List<MemoryReading> memory = [];
    private readonly List<string> notes = [];

    public async Task<SuiteReport> RunAsync(CancellationToken cancellationToken)
    {
        var scratch = Directory.CreateTempSubdirectory("sealserve-loadtest-").FullName;
        try
        {
            for (var run = 1; run <= settings.Runs; run++)
            {
                foreach (var model in settings.Models)
                {
                    await RunModelAsync(run, model, scratch, cancellationToken);
                }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }

        return new SuiteReport(settings, measurements, memory, notes.Distinct().ToArray());
    }

    private bool Wants(string scenario) => settings.Scenarios.Contains(scenario);

    private async Task RunModelAsync(int run, BenchModel model, string scratch, CancellationToken cancellationToken)
    {
        var tiny = model.Kind == ModelKind.Tiny;
        var json = Payloads.PredictJson(model);
        var grpcRequest = Payloads.PredictRequest(model);
        var responses = Path.Combine(scratch, model.Name);
        Directory.CreateDirectory(responses);
        var jsonResponse = Path.Combine(responses, "response.json");
        var grpcResponse = Path.Combine(responses, "response.pb");

        // Both servers and the engine are up at once (the idle ones cost nothing), and at each concurrency the
        // scenarios are measured in interleaved slices (A B C A B C ...): on a shared, noisy machine a ratio then
        // compares the same seconds, not different minutes.
        using var server = await ServerUnderTest.StartSealServeAsync(settings.CliDll, model, scratch, settings.ServerFlags, cancellationToken);
        Log(run, model, $"sealserve pid {server.Process.Id} (grpc {server.GrpcPort}, rest {server.RestPort})");
        var loaded = ProcessMemory.ResidentMiB(server.Process.Id);
        await CaptureResponsesAsync(server, model, json, grpcRequest, jsonResponse, grpcResponse, cancellationToken);
        using var bare = tiny && (Wants(Scenarios.BareGrpc) || Wants(Scenarios.BareJson))
            ? await ServerUnderTest.StartBareAsync(jsonResponse, grpcResponse, cancellationToken)
            : null;
        using var engine = Wants(Scenarios.Engine) || (!tiny && Wants("engine-sweep")) ? EngineSession.Load(model.OnnxPath, EngineSettings.FromServerFlags(settings.ServerFlags)) : null;

        // Fresh processes: let tiered JIT and pools settle before anything is recorded.
        foreach (var cell in Cells(model, server, bare, engine, json, grpcRequest, 8))
        {
            using (cell)
            {
                await cell.WarmAsync(settings.ServerWarmup, cancellationToken);
            }
        }

        foreach (var concurrency in settings.Concurrency)
        {
            await MeasureInterleavedAsync(run, model, Cells(model, server, bare, engine, json, grpcRequest, concurrency), cancellationToken);
        }

        memory.Add(new MemoryReading(run, model.Name, loaded, ProcessMemory.ResidentMiB(server.Process.Id), ProcessMemory.PeakResidentMiB(server.Process.Id)));
        server.Dispose();
        bare?.Dispose();

        if (engine is not null && !tiny && Wants("engine-sweep"))
        {
            await SweepAsync(run, model, engine, cancellationToken);
        }

        if (!tiny && settings.Batching && Wants(Scenarios.SealServeGrpcBatching))
        {
            await BatchingAsync(run, model, scratch, grpcRequest, cancellationToken);
        }
    }

    private List<Cell> Cells(BenchModel model, ServerUnderTest server, ServerUnderTest? bare, EngineSession? engine, byte[] json, PredictRequest grpcRequest, int concurrency)
    {
        var tiny = model.Kind == ModelKind.Tiny;
        var cells = new List<Cell>();
        if (Wants(Scenarios.SealServeGrpc))
        {
            cells.Add(GrpcCell(Scenarios.SealServeGrpc, server, grpcRequest, concurrency));
        }

        if (bare is not null && Wants(Scenarios.BareGrpc))
        {
            cells.Add(GrpcCell(Scenarios.BareGrpc, bare, grpcRequest, concurrency));
        }

        if (tiny && Wants(Scenarios.SealServeRest))
        {
            cells.Add(RestCell(Scenarios.SealServeRest, server, model, json, concurrency));
        }

        if (bare is not null && Wants(Scenarios.BareJson))
        {
            cells.Add(RestCell(Scenarios.BareJson, bare, model, json, concurrency));
        }

        if (engine is not null && Wants(Scenarios.Engine))
        {
            var senders = Enumerable.Range(0, concurrency).Select(_ => new EngineRunSender(engine, model.Shape, model.Values)).ToArray();

            // The engine runs in this process, which does nothing else meanwhile: its CPU time is the engine's.
            cells.Add(new Cell(Scenarios.Engine, concurrency, 1, senders, () => ProcessCpu.Seconds(Environment.ProcessId), senders));
        }

        return cells;
    }

    private async Task MeasureInterleavedAsync(int run, BenchModel model, List<Cell> cells, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var cell in cells)
            {
                await cell.WarmAsync(settings.Warmup, cancellationToken);
            }

            var slices = Math.Max(1, (int)Math.Round(settings.Duration / settings.Slice));
            var length = settings.Duration / slices;
            for (var i = 0; i < slices; i++)
            {
                // Rotate the order so no scenario always follows the same neighbour.
                for (var k = 0; k < cells.Count; k++)
                {
                    await cells[(i + run + k) % cells.Count].MeasureSliceAsync(length, cancellationToken);
                }
            }

            foreach (var cell in cells)
            {
                Record(run, model, cell.Scenario, cell.Concurrency, cell.BatchSize, cell.Result());
            }
        }
        finally
        {
            cells.ForEach(c => c.Dispose());
        }
    }

    private static Cell GrpcCell(string scenario, ServerUnderTest server, PredictRequest request, int concurrency)
    {
        var channel = GrpcPredictSender.CreateChannel(server.GrpcPort);
        var sender = new GrpcPredictSender(new PredictionService.PredictionServiceClient(channel), request);
        var pid = server.Process.Id;
        return new Cell(scenario, concurrency, 1, [sender], () => ProcessCpu.Seconds(pid), channel);
    }

    private static Cell RestCell(string scenario, ServerUnderTest server, BenchModel model, byte[] json, int concurrency)
    {
        var http = RestPredictSender.CreateClient();
        var sender = new RestPredictSender(http, new Uri($"http://127.0.0.1:{server.RestPort}/v1/models/{model.Name}:predict"), json);
        var pid = server.Process.Id;
        return new Cell(scenario, concurrency, 1, [sender], () => ProcessCpu.Seconds(pid), http);
    }

    private async Task BatchingAsync(int run, BenchModel model, string scratch, PredictRequest grpcRequest, CancellationToken cancellationToken)
    {
        string[] flags = [.. settings.ServerFlags, "--enable_batching", $"--batching_parameters_file={settings.BatchingParametersFile}"];
        using var server = await ServerUnderTest.StartSealServeAsync(settings.CliDll, model, scratch, flags, cancellationToken);
        if (server.Process.OutputContains(BatchingNotImplemented))
        {
            notes.Add("Batching could not be measured: this build of `sealserve serve` accepts `--enable_batching` but reports it as not implemented yet.");
            Log(run, model, "[yellow]batching not implemented in this build: skipped[/]");
            return;
        }

        using (var warm = GrpcCell(Scenarios.SealServeGrpcBatching, server, grpcRequest, 8))
        {
            await warm.WarmAsync(settings.ServerWarmup, cancellationToken);
        }

        foreach (var concurrency in settings.Concurrency.Where(c => c >= 8))
        {
            await MeasureInterleavedAsync(run, model, [GrpcCell(Scenarios.SealServeGrpcBatching, server, grpcRequest, concurrency)], cancellationToken);
        }
    }

    private async Task CaptureResponsesAsync(ServerUnderTest server, BenchModel model, byte[] json, PredictRequest grpcRequest, string jsonPath, string grpcPath, CancellationToken cancellationToken)
    {
        using var http = RestPredictSender.CreateClient();
        using var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var response = await http.PostAsync(new Uri($"http://127.0.0.1:{server.RestPort}/v1/models/{model.Name}:predict"), content, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{model.Name}: REST predict failed with {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
        }

        await File.WriteAllBytesAsync(jsonPath, body, cancellationToken);
        using var channel = GrpcPredictSender.CreateChannel(server.GrpcPort);
        var reply = await new PredictionService.PredictionServiceClient(channel).PredictAsync(grpcRequest, cancellationToken: cancellationToken);
        await File.WriteAllBytesAsync(grpcPath, reply.ToByteArray(), cancellationToken);
    }

    private async Task SweepAsync(int run, BenchModel model, EngineSession engine, CancellationToken cancellationToken)
    {
        foreach (var batch in settings.SweepBatchSizes)
        {
            var (shape, values) = model.Batched(batch);
            var sender = new EngineRunSender(engine, shape, values);
            await MeasureInterleavedAsync(run, model, [new Cell(Scenarios.EngineBatch(batch), 1, batch, [sender], () => ProcessCpu.Seconds(Environment.ProcessId), sender)], cancellationToken);
        }
    }

    private void Record(int run, BenchModel model, string scenario, int concurrency, int batch, LoadResult result)
    {
        measurements.Add(new Measurement(run, model.Name, scenario, concurrency, batch, result));
        var errors = result.Errors > 0 ? $" [red]{result.Errors} errors[/]" : string.Empty;
        Log(run, model, $"{scenario,-24} c={concurrency,-3} {result.Throughput,10:F1} req/s  p50 {result.P50Micros,9:F0} µs  p90 {result.P90Micros,9:F0} µs  p99 {result.P99Micros,9:F0} µs  CPU {result.ServerCpuMicrosPerRequest,9:F1} µs/req{errors}");
    }

    private void Log(int run, BenchModel model, string markup) =>
        console.MarkupLine($"[grey]run {run}/{settings.Runs}[/] [bold]{model.Name.EscapeMarkup()}[/] {markup}");
}
