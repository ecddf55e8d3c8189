using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using SealServe.Core.Errors;
using SealServe.Server.Rest;

namespace SealServe.Server.Tests.Rest;

public sealed class RequestBodyTests
{
    private const long Limit = 4 << 20;

    [Fact]
    public async Task ReadAsync_GzipBomb_StopsAtTheLimitAndGivesEverythingBack()
    {
        // 300 MiB of zeros in about 300 KB: the buffer used to double past the limit and stay pooled.
        var budget = new BodyMemoryBudget(16 << 20);
        var request = Request(Gzip(300 << 20), gzip: true);

        await Assert.ThrowsAsync<RequestTooLargeException>(() => RequestBody.ReadAsync(request, Limit, budget, TestContext.Current.CancellationToken));

        Assert.True(budget.TryReserve(16 << 20));
    }

    [Fact]
    public async Task ReadAsync_BodiesInFlightOverBudget_ResourceExhaustedUntilOneEnds()
    {
        var budget = new BodyMemoryBudget(5 << 20);
        using var first = await RequestBody.ReadAsync(Request(new byte[3 << 20]), Limit, budget, TestContext.Current.CancellationToken);

        var refused = await Assert.ThrowsAsync<ServingException>(() => RequestBody.ReadAsync(Request(new byte[3 << 20]), Limit, budget, TestContext.Current.CancellationToken));
        first.Dispose();
        using var second = await RequestBody.ReadAsync(Request(new byte[3 << 20]), Limit, budget, TestContext.Current.CancellationToken);

        Assert.Equal(StatusCode.ResourceExhausted, refused.Code);
        Assert.Contains("--rest_api_max_inflight_bytes", refused.Message);
        Assert.Equal(3 << 20, second.Length);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthHuge_NothingReservedBeyondWhatArrives()
    {
        var budget = new BodyMemoryBudget(2 << 20);
        var request = Request(new byte[100]);
        request.ContentLength = 256 << 20;

        using var body = await RequestBody.ReadAsync(request, 256L << 20, budget, TestContext.Current.CancellationToken);

        Assert.Equal(100, body.Length);
    }

    [Fact]
    public async Task ReadAsync_ExactlyTheLimit_Accepted()
    {
        var budget = new BodyMemoryBudget(64 << 20);

        using var body = await RequestBody.ReadAsync(Request(Gzip((int)Limit), gzip: true), Limit, budget, TestContext.Current.CancellationToken);

        Assert.Equal(Limit, body.Length);
    }

    private static HttpRequest Request(byte[] body, bool gzip = false)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        if (gzip)
        {
            context.Request.Headers.ContentEncoding = "gzip";
        }

        return context.Request;
    }

    private static byte[] Gzip(int zeros)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.SmallestSize))
        {
            var chunk = new byte[1 << 20];
            for (var left = zeros; left > 0; left -= chunk.Length)
            {
                gzip.Write(chunk, 0, Math.Min(left, chunk.Length));
            }
        }

        return output.ToArray();
    }
}
