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
        var bodies = new RequestBodies(responses, json, grpcRequest);

        // Both servers and the engine are up at once (the idle ones cost nothing), and at each concurrency the
        // scenarios are measured in interleaved slices (A B C A B C ...): on a shared, noisy machine a ratio then
        // compares the same seconds, not different minutes.
        using var server = await ServerUnderTest.StartSealServeAsync(settings.CliDll, model, scratch, settings.ServerFlags, cancellationToken);
        Log(run, model, $"sealserve pid {server.Process.Id} (grpc {server.GrpcPort}, rest {server.RestPort})");
        var loaded = ProcessMemory.ResidentMiB(server.Process.Id);
        await CaptureResponsesAsync(server, model, json, grpcRequest, jsonResponse, grpcResponse, cancellationToken);
        using var bare = tiny && (Wants(Scenarios.BareGrpc) || Wants(Scenarios.BareJson) || Wants(Scenarios.BareGrpcH2load) || Wants(Scenarios.BareJsonWrk))
            ? await ServerUnderTest.StartBareAsync(jsonResponse, grpcResponse, cancellationToken)
            : null;
        using var engine = Wants(Scenarios.Engine) || (!tiny && Wants("engine-sweep")) ? EngineSession.Load(model.OnnxPath, EngineSettings.FromServerFlags(settings.ServerFlags)) : null;

        // The same server with batching, measured in the same interleaved slices as the one without.
        using var batching = !tiny && settings.Batching && (Wants(Scenarios.SealServeGrpcBatching) || Wants(Scenarios.SealServeGrpcBatchingH2load))
            ? await ServerUnderTest.StartSealServeAsync(settings.CliDll, model, scratch, [.. settings.ServerFlags, "--enable_batching", $"--batching_parameters_file={settings.BatchingParametersFile}"], cancellationToken)
            : null;

        // Fresh processes: let tiered JIT and pools settle before anything is recorded.
        foreach (var cell in Cells(model, server, bare, batching, engine, bodies, 8))
        {
            using (cell)
            {
                await cell.WarmAsync(settings.ServerWarmup, cancellationToken);
            }
        }

        foreach (var concurrency in settings.Concurrency)
        {
            await MeasureInterleavedAsync(run, model, Cells(model, server, bare, batching, engine, bodies, concurrency), cancellationToken);
        }

        memory.Add(new MemoryReading(run, model.Name, loaded, ProcessMemory.ResidentMiB(server.Process.Id), ProcessMemory.PeakResidentMiB(server.Process.Id)));
        server.Dispose();
        bare?.Dispose();
        batching?.Dispose();

        if (engine is not null && !tiny && Wants("engine-sweep"))
        {
            await SweepAsync(run, model, engine, cancellationToken);
        }
    }

    private List<Cell> Cells(BenchModel model, ServerUnderTest server, ServerUnderTest? bare, ServerUnderTest? batching, EngineSession? engine, RequestBodies bodies, int concurrency)
    {
        var (json, grpcRequest) = (bodies.Json, bodies.Grpc);
        var tiny = model.Kind == ModelKind.Tiny;
        var cells = new List<Cell>();
        if (Wants(Scenarios.SealServeGrpc))
        {
            cells.Add(GrpcCell(Scenarios.SealServeGrpc, server, grpcRequest, concurrency));
        }

        if (batching is not null && concurrency >= 8 && Wants(Scenarios.SealServeGrpcBatching))
        {
            cells.Add(GrpcCell(Scenarios.SealServeGrpcBatching, batching, grpcRequest, concurrency));
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

        AddExternalCells(cells, model, server, bare, batching, bodies, concurrency);
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

    /// <summary>The h2load and wrk cells: the same servers and bodies, driven by C load generators.</summary>
    private void AddExternalCells(List<Cell> cells, BenchModel model, ServerUnderTest server, ServerUnderTest? bare, ServerUnderTest? batching, RequestBodies bodies, int concurrency)
    {
        if (Wants(Scenarios.SealServeGrpcH2load))
        {
            cells.Add(H2loadCell(Scenarios.SealServeGrpcH2load, server, bodies, concurrency));
        }

        if (batching is not null && concurrency >= 8 && Wants(Scenarios.SealServeGrpcBatchingH2load))
        {
            cells.Add(H2loadCell(Scenarios.SealServeGrpcBatchingH2load, batching, bodies, concurrency));
        }

        if (bare is not null && Wants(Scenarios.BareGrpcH2load))
        {
            cells.Add(H2loadCell(Scenarios.BareGrpcH2load, bare, bodies, concurrency));
        }

        if (model.Kind == ModelKind.Tiny && Wants(Scenarios.SealServeRestWrk))
        {
            cells.Add(WrkCell(Scenarios.SealServeRestWrk, server, model, bodies, concurrency));
        }

        if (bare is not null && Wants(Scenarios.BareJsonWrk))
        {
            cells.Add(WrkCell(Scenarios.BareJsonWrk, bare, model, bodies, concurrency));
        }
    }

    private static Cell H2loadCell(string scenario, ServerUnderTest server, RequestBodies bodies, int concurrency)
    {
        var url = new Uri($"http://127.0.0.1:{server.GrpcPort}/tensorflow.serving.PredictionService/Predict");
        var log = Path.Combine(bodies.Folder, $"{scenario}-{concurrency}.h2load.log");
        var pid = server.Process.Id;
        return new Cell(scenario, concurrency, 1, (_, duration, token) => ExternalLoad.H2LoadAsync(url, bodies.GrpcFile, log, concurrency, duration, () => ProcessCpu.Seconds(pid), token));
    }

    private static Cell WrkCell(string scenario, ServerUnderTest server, BenchModel model, RequestBodies bodies, int concurrency)
    {
        var url = new Uri($"http://127.0.0.1:{server.RestPort}/v1/models/{model.Name}:predict");
        var result = Path.Combine(bodies.Folder, $"{scenario}-{concurrency}.wrk.txt");
        var script = ExternalLoad.WrkScript(bodies.Folder, $"{scenario}-{concurrency}", bodies.JsonFile, result);
        var pid = server.Process.Id;
        return new Cell(scenario, concurrency, 1, (_, duration, token) => ExternalLoad.WrkAsync(url, script, result, concurrency, duration, () => ProcessCpu.Seconds(pid), token));
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
