using System.Collections.Concurrent;
using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SealServe.Server.Hosting;
using SealServe.TestKit;
using PredictionService = Tensorflow.Serving.PredictionService;

namespace SealServe.FunctionalTests.Operations;

/// <summary>OpenTelemetry traces reach an OTLP receiver with the caller's W3C trace id and SealServe's spans.</summary>
public sealed class TracingTests
{
    private const string RestTraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string GrpcTraceId = "4bf92f3577b34da6a3ce929d0e0e4736";

    [Fact]
    public async Task Traces_OtlpConfigured_ExportedWithCallersTraceContext()
    {
        var exports = new ConcurrentQueue<byte[]>();
        await using var receiver = await StartReceiverAsync(exports);
        var receiverPort = new Uri(receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        var (grpc, rest) = (ServeProcessTests.FreePort(), ServeProcessTests.FreePort());
        using var server = ServerProcess.Start(
            $"env OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:{receiverPort} OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf OTEL_BSP_SCHEDULE_DELAY=100 " +
            $"{ServeProcessTests.Program} serve --port={grpc} --rest_api_port={rest} --model_name=half_plus_two --model_base_path=examples/half_plus_two",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", TimeSpan.FromMinutes(1));

        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{rest}/v1/models/half_plus_two:predict") { Content = new StringContent("{\"instances\": [1.0]}") };
        request.Headers.Add("traceparent", $"00-{RestTraceId}-b7ad6b7169203331-01");
        using var response = await http.SendAsync(request);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpc}");
        await new PredictionService.PredictionServiceClient(channel).PredictAsync(
            GrpcRequests.HalfPlusTwo(1f), new Metadata { { "traceparent", $"00-{GrpcTraceId}-00f067aa0ba902b7-01" } });

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!(Exported(exports, Convert.FromHexString(RestTraceId)) && Exported(exports, Convert.FromHexString(GrpcTraceId)) && Exported(exports, "engine.run"u8.ToArray()))
            && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        server.Signal("TERM");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.True(response.IsSuccessStatusCode);
        Assert.True(Exported(exports, Convert.FromHexString(RestTraceId)), "the REST call's trace id was not exported");
        Assert.True(Exported(exports, Convert.FromHexString(GrpcTraceId)), "the gRPC call's trace id was not exported");
        Assert.All(new[] { "decode", "engine.run", "encode" }, span => Assert.True(Exported(exports, System.Text.Encoding.UTF8.GetBytes(span)), span));
    }

    [Theory]
    [InlineData(null, null, false)]
    [InlineData("http://collector:4317", null, true)]
    [InlineData("http://collector:4317", "true", false)]
    public void Tracing_OnlyWhenAnOtlpEndpointIsConfigured(string? endpoint, string? disabled, bool configured)
    {
        var variables = new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint, ["OTEL_SDK_DISABLED"] = disabled };

        Assert.Equal(configured, Tracing.IsConfigured(name => variables.GetValueOrDefault(name)));
    }

    private static bool Exported(ConcurrentQueue<byte[]> exports, byte[] needle) => exports.Any(body => body.AsSpan().IndexOf(needle) >= 0);

    /// <summary>An OTLP/HTTP receiver on loopback that keeps every body posted to /v1/traces.</summary>
    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<byte[]> exports)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/v1/traces", async (HttpContext context) =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            exports.Enqueue(body.ToArray());
            return Results.Ok();
        });
        await app.StartAsync();
        return app;
    }
}
