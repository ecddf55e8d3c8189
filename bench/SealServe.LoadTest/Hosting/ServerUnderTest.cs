using System.Diagnostics;
using SealServe.LoadTest.Models;

namespace SealServe.LoadTest.Hosting;

/// <summary>A server child process (the real <c>sealserve serve</c>, or the bare baseline) and its two ports on 127.0.0.1.</summary>
internal sealed class ServerUnderTest : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private ServerUnderTest(ChildProcess process, int grpcPort, int restPort)
    {
        Process = process;
        GrpcPort = grpcPort;
        RestPort = restPort;
    }

    public ChildProcess Process { get; }

    public int GrpcPort { get; }

    public int RestPort { get; }

    /// <summary>
    /// Starts <c>sealserve serve</c> on <paramref name="model"/> (linked as version 1 under <paramref name="scratch"/>) with
    /// TF Serving's default flags plus <paramref name="extraFlags"/>, and waits until the model is AVAILABLE over REST.
    /// </summary>
    public static Task<ServerUnderTest> StartSealServeAsync(string cliDll, BenchModel model, string scratch, IEnumerable<string> extraFlags, CancellationToken cancellationToken)
    {
        var basePath = Path.Combine(scratch, "models", model.Name);
        var version = Path.Combine(basePath, "1");
        if (!Directory.Exists(version))
        {
            Directory.CreateDirectory(version);
            File.CreateSymbolicLink(Path.Combine(version, "model.onnx"), model.OnnxPath);
        }

        return StartSealServeAsync(cliDll, model.Name, basePath, extraFlags, cancellationToken);
    }

    /// <summary>Starts <c>sealserve serve</c> on the model whose version folders are under <paramref name="basePath"/>.</summary>
    public static async Task<ServerUnderTest> StartSealServeAsync(string cliDll, string modelName, string basePath, IEnumerable<string> extraFlags, CancellationToken cancellationToken)
    {
        var grpcPort = FreePort.Next();
        var restPort = FreePort.Next();
        string[] arguments =
        [
            "serve",
            $"--port={grpcPort}",
            $"--rest_api_port={restPort}",
            $"--model_name={modelName}",
            $"--model_base_path={basePath}",
            .. extraFlags,
        ];
        var process = ChildProcess.Start(cliDll, arguments);
        var server = new ServerUnderTest(process, grpcPort, restPort);
        try
        {
            await server.WaitUntilAsync(() => IsAvailableAsync(restPort, modelName, cancellationToken), cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    /// <summary>Starts the bare Kestrel + gRPC baseline (this executable, <c>bare-server</c>) answering the given fixed responses.</summary>
    public static async Task<ServerUnderTest> StartBareAsync(string jsonResponsePath, string grpcResponsePath, CancellationToken cancellationToken)
    {
        var grpcPort = FreePort.Next();
        var restPort = FreePort.Next();
        var self = typeof(ServerUnderTest).Assembly.Location;
        var process = ChildProcess.Start(self, ["bare-server", "--grpc-port", $"{grpcPort}", "--rest-port", $"{restPort}", "--json-response", jsonResponsePath, "--grpc-response", grpcResponsePath]);
        var server = new ServerUnderTest(process, grpcPort, restPort);
        try
        {
            await server.WaitUntilAsync(() => Task.FromResult(process.OutputContains("bare server ready")), cancellationToken);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    public void Dispose() => Process.Dispose();

    private static async Task<bool> IsAvailableAsync(int restPort, string modelName, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            var text = await client.GetStringAsync(new Uri($"http://127.0.0.1:{restPort}/v1/models/{modelName}"), cancellationToken);
            return text.Contains("AVAILABLE", StringComparison.Ordinal);
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    private async Task WaitUntilAsync(Func<Task<bool>> ready, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await ready())
        {
            if (Process.HasExited)
            {
                throw new InvalidOperationException($"The server exited before it was ready:{Environment.NewLine}{Process.OutputText()}");
            }

            if (clock.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The server was not ready after {StartTimeout.TotalSeconds} s:{Environment.NewLine}{Process.OutputText()}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
