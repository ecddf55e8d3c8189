using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Baselines;

/// <summary>
/// The stack limit, run as its own process like the server: Kestrel with a gRPC port (HTTP/2) whose
/// Predict returns a fixed <see cref="PredictResponse"/>, and a REST port (HTTP/1.1) that reads the body
/// and answers fixed JSON bytes. Builder, Kestrel limits, gRPC options and GC settings are copies of
/// <c>SealServeServer</c>'s and <c>sealserve</c>'s, so only SealServe's own work differs.
/// </summary>
internal static class BareServer
{
    public static async Task<int> RunAsync(int grpcPort, int restPort, string jsonResponsePath, string grpcResponsePath)
    {
        var json = await File.ReadAllBytesAsync(jsonResponsePath);
        var response = PredictResponse.Parser.ParseFrom(await File.ReadAllBytesAsync(grpcResponsePath));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Copied from SealServeServer.ConfigureKestrel.
            kestrel.Limits.MaxRequestBodySize = 256L << 20;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Any, grpcPort, l => l.Protocols = HttpProtocols.Http2);
            kestrel.Listen(IPAddress.Any, restPort, l => l.Protocols = HttpProtocols.Http1);
        });
        builder.Services.AddSingleton(new BarePredictionService(response));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = int.MaxValue;
            grpc.MaxSendMessageSize = int.MaxValue;
        });

        var app = builder.Build();
        app.Use((context, next) => context.Request.Path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) ? AnswerJsonAsync(context, json) : next(context));
        app.UseRouting();
        app.MapGrpcService<BarePredictionService>();
        app.UseEndpoints(_ => { });
        await app.StartAsync();
        await Console.Out.WriteLineAsync("bare server ready");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task AnswerJsonAsync(HttpContext context, byte[] json)
    {
        // Read the whole body, as any endpoint that uses it must.
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(buffer, context.RequestAborted) > 0)
            {
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = json.Length;
        await context.Response.Body.WriteAsync(json, context.RequestAborted);
    }
}
