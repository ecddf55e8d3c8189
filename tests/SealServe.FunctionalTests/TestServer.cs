using System.Net;
using Grpc.Net.Client;
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
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.RestApiPort}") };
        channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort}", new GrpcChannelOptions { MaxReceiveMessageSize = null, MaxSendMessageSize = null });
        Prediction = new PredictionService.PredictionServiceClient(channel);
        Models = new ModelService.ModelServiceClient(channel);
    }

    public HttpClient Http { get; }

    public PredictionService.PredictionServiceClient Prediction { get; }

    public ModelService.ModelServiceClient Models { get; }

    public CapturedLogs Logs { get; }

    public static async Task<TestServer> StartAsync(IEnumerable<ModelConfig> models, Action<ServerOptions>? configure = null, int pollSeconds = 1)
    {
        var options = new ServerOptions { BindAddress = IPAddress.Loopback, GrpcPort = 0, RestApiPort = 0 };
        configure?.Invoke(options);
        var modelOptions = new ModelServingOptions { FileSystemPollWaitSeconds = pollSeconds };
        modelOptions.Models.AddRange(models);
        modelOptions.Engine.IntraOpThreads = 1;
        var logs = new CapturedLogs();
        var server = SealServeServer.Create(options, modelOptions, logging => logging.AddProvider(logs));
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
