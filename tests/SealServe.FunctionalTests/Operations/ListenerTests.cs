using System.Net;
using System.Net.Sockets;
using Grpc.Net.Client;
using SealServe.Server.Grpc;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;
using PredictionService = Tensorflow.Serving.PredictionService;

namespace SealServe.FunctionalTests.Operations;

/// <summary>TF Serving's remaining serving flags: REST off, CORS, gRPC on a UNIX socket, channel arguments.</summary>
public sealed class ListenerTests
{
    private static readonly string DemoModel = Path.Combine(RepositoryRoot.Path, "examples", "half_plus_two");

    [Fact]
    public async Task RestApiPortZero_NoRestAnywhere()
    {
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)], options => options.RestApiPort = null);
        using var http2 = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        using var onGrpcPort = await http2.GetAsync($"http://127.0.0.1:{server.GrpcPort}/v1/models/half_plus_two");
        using var health = await http2.GetAsync($"http://127.0.0.1:{server.GrpcPort}/v1/health/ready");

        Assert.Null(server.RestApiPort);
        Assert.Equal(HttpStatusCode.NotFound, onGrpcPort.StatusCode);
        Assert.Equal("text/html", onGrpcPort.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, health.StatusCode);
    }

    [Fact]
    public async Task Cors_Enabled_HeadersOnResponsesAndPreflight()
    {
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)], options => options.EnableCors = true);
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/models/half_plus_two:predict");
        preflight.Headers.Add("Origin", "https://app.example");

        using var answer = await server.Http.SendAsync(preflight);
        using var error = await server.Http.PostAsync("/v1/models/nope:predict", new StringContent("{\"instances\": [1.0]}"));

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("*", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("POST, GET", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("Content-Type", Assert.Single(answer.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal("*", Assert.Single(error.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    [Fact]
    public async Task Cors_NotEnabled_NoHeaders()
    {
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)]);

        using var response = await server.Http.GetAsync("/v1/models/half_plus_two");

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task GrpcSocketPath_PredictOverUnixSocket()
    {
        var socket = Path.Combine(Directory.CreateTempSubdirectory("sealserve-uds-").FullName, "grpc.sock");
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)], options =>
        {
            options.GrpcPort = null;
            options.GrpcSocketPath = socket;
        });
        using var channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectCallback = async (_, cancellationToken) =>
                {
                    var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                    await client.ConnectAsync(new UnixDomainSocketEndPoint(socket), cancellationToken);
                    return new NetworkStream(client, ownsSocket: true);
                },
            },
        });

        var response = await new PredictionService.PredictionServiceClient(channel).PredictAsync(GrpcRequests.HalfPlusTwo(1f, 2f, 5f));

        Assert.Null(server.GrpcPort);
        Assert.Equal([2.5f, 3f, 4.5f], response.Outputs["y"].FloatVal);
    }

    [Fact]
    public void GrpcChannelArguments_MappedKeysParsed()
    {
        var arguments = GrpcChannelArguments.Parse("grpc.max_concurrent_streams=50, grpc.max_receive_message_length=1024,grpc.keepalive_time_ms=30000");

        Assert.Equal(50, arguments.MaxConcurrentStreams);
        Assert.Equal(1024, arguments.MaxReceiveMessageLength);
        Assert.Equal(TimeSpan.FromSeconds(30), arguments.KeepaliveTime);
        Assert.Null(arguments.MaxSendMessageLength);
    }

    [Theory]
    [InlineData("grpc.so_reuseport=0", "--grpc_channel_arguments: grpc.so_reuseport is not supported; SealServe maps grpc.max_concurrent_streams")]
    [InlineData("grpc.max_concurrent_streams", "--grpc_channel_arguments: 'grpc.max_concurrent_streams' is not key=value")]
    [InlineData("grpc.keepalive_time_ms=soon", "--grpc_channel_arguments: grpc.keepalive_time_ms must be a positive integer; got 'soon'")]
    public void GrpcChannelArguments_Unmapped_Refused(string text, string message)
    {
        var error = Assert.Throws<SealServe.Core.Errors.ServingException>(() => GrpcChannelArguments.Parse(text));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcChannelArguments_MaxReceiveMessageLength_Enforced()
    {
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)], options =>
            options.GrpcChannelArguments = GrpcChannelArguments.Parse("grpc.max_receive_message_length=64"));

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
            await server.Prediction.PredictAsync(GrpcRequests.HalfPlusTwo(Enumerable.Repeat(1f, 100).ToArray())));

        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, error.StatusCode);
    }
}
