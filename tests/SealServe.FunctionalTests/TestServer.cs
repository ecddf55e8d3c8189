using System.Net;
using Grpc.Net.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SealServe.Models;
using SealServe.Models.Config;
using SealServe.Server;
using SealServe.Server.Hosting;
using PredictionService = Tensorflow.Serving.PredictionService;
using ModelService = Tensorflow.Serving.ModelService;

namespace SealServe.FunctionalTests;

/// <summary>A real SealServe server on 127.0.0.1 with free ports, and real REST and gRPC clients for it.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly SealServeServer server;
    private readonly GrpcChannel channel;

    private TestServer(SealServeServer server, CapturedLogs logs)
    {
        this.server = server;
        Logs = logs;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.RestApiPort ?? 1}") };
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort ?? 1}", new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        Prediction = new PredictionService.PredictionServiceClient(channel);
        Models = new ModelService.ModelServiceClient(channel);
        Health = new Grpc.Health.V1.Health.HealthClient(channel);
        Inference = new global::Inference.GRPCInferenceService.GRPCInferenceServiceClient(channel);
    }

    public HttpClient Http { get; }

    public int? GrpcPort => server.GrpcPort;

    public int? RestApiPort => server.RestApiPort;

    public PredictionService.PredictionServiceClient Prediction { get; }

    public ModelService.ModelServiceClient Models { get; }

    public Grpc.Health.V1.Health.HealthClient Health { get; }

    /// <summary>The Open Inference Protocol's (KServe v2) gRPC client.</summary>
    public global::Inference.GRPCInferenceService.GRPCInferenceServiceClient Inference { get; }

    public CapturedLogs Logs { get; }

    /// <summary>The gRPC channel's invoker, for calls that send raw bytes.</summary>
    public Grpc.Core.CallInvoker Invoker => channel.CreateCallInvoker();

    /// <summary>Begins a graceful stop (draining) without disposing.</summary>
    public Task StopAsync() => server.StopAsync();

    public static async Task<TestServer> StartAsync(
        IEnumerable<ModelConfig> models,
        Action<ServerOptions>? configure = null,
        int pollSeconds = 1,
        Action<IServiceCollection>? configureServices = null,
        Action<ModelServingOptions>? configureModels = null)
    {
        var options = new ServerOptions { BindAddress = IPAddress.Loopback, GrpcPort = 0, RestApiPort = 0 };
        configure?.Invoke(options);
        // Failed loads end at once: TF Serving's default of 5 retries a minute apart would stall the tests.
        var modelOptions = new ModelServingOptions { FileSystemPollWaitSeconds = pollSeconds, MaxNumLoadRetries = 0 };
        modelOptions.Models.AddRange(models);
        modelOptions.Engine.IntraOpThreads = 1;
        configureModels?.Invoke(modelOptions);
        var logs = new CapturedLogs();
        var server = SealServeServer.Create(options, modelOptions, logging => logging.AddProvider(logs), configureServices);
        try
        {
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return new TestServer(server, logs);
    }

    public static Task<TestServer> StartAsync(string name, string basePath, int pollSeconds = 1) =>
        StartAsync([ModelConfig.Create(name, basePath)], pollSeconds: pollSeconds);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        channel.Dispose();
        await server.StopAsync();
        await server.DisposeAsync();
    }
}
