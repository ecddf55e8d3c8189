using System.Net.Http.Headers;
using SealServe.LoadTest.Load;

namespace SealServe.LoadTest.Clients;

/// <summary>POSTs a JSON body to <c>/v1/models/NAME:predict</c> and reads the whole answer; HTTP/1.1 keep-alive, one connection per worker.</summary>
internal sealed class RestPredictSender(HttpClient client, Uri uri, byte[] body) : IRequestSender
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public bool IsBlocking => false;

    public static HttpClient CreateClient() => new(new SocketsHttpHandler
    {
        PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
        MaxConnectionsPerServer = int.MaxValue,
        UseProxy = false,
    })
    {
        Timeout = TimeSpan.FromMinutes(2),
    };

    public async ValueTask SendAsync(CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        using var response = await client.PostAsync(uri, content, cancellationToken).ConfigureAwait(false);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(bytes)}");
        }
    }
}
