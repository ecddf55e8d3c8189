using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SealServe.Models.Config;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.HostileInput;

/// <summary>Slow uploads, broken framing and a tiny request budget against a real server (issue 14, defects 3, 4, 6).</summary>
public sealed class RestHostileInputTests : IAsyncLifetime
{
    private readonly TempModelRepository repository = new();
    private TestServer server = null!;

    public async ValueTask InitializeAsync()
    {
        repository.AddVersion("1", TestModels.HalfPlusTwo());

        // One slot: a slow upload holding it would block everything else.
        server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], options => options.RestApiNumThreads = 1);
    }

    public async ValueTask DisposeAsync()
    {
        await server.DisposeAsync();
        repository.Dispose();
    }

    [Fact]
    public async Task SlowUploads_DoNotBlockStatusMetadataOrOtherPredicts()
    {
        var slow = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 4; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, server.Http.BaseAddress!.Port, TestContext.Current.CancellationToken);
                await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes("POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n{\"inst"), TestContext.Current.CancellationToken);
                slow.Add(client);
            }

            await Task.Delay(300, TestContext.Current.CancellationToken);
            var clock = Stopwatch.StartNew();
            var status = await server.Http.GetAsync("/v1/models/half_plus_two", TestContext.Current.CancellationToken);
            var metadata = await server.Http.GetAsync("/v1/models/half_plus_two/metadata", TestContext.Current.CancellationToken);
            var predict = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0]}"), TestContext.Current.CancellationToken);

            Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (status.StatusCode, metadata.StatusCode, predict.StatusCode));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
        }
        finally
        {
            slow.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task BadChunkedEncoding_Answers400WithoutErrorLog()
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.Http.BaseAddress!.Port, TestContext.Current.CancellationToken);
        var stream = client.GetStream();

        await stream.WriteAsync(Encoding.ASCII.GetBytes("POST /v1/models/half_plus_two:predict HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\nnot a chunk\r\n"), TestContext.Current.CancellationToken);
        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer, TestContext.Current.CancellationToken);

        Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(answer, 0, read));
        Assert.DoesNotContain(server.Logs.Lines, l => l.StartsWith("Error", StringComparison.Ordinal));
    }
}
