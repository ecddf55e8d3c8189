using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SealServe.Client.Transport;

/// <summary>
/// An <see cref="HttpClient"/> as <see cref="SealServeClientOptions"/> describe it: the bearer token and deadline on every
/// call, retries (doubling waits) of 503 answers and failed connections, and refusals as <see cref="SealServeException"/>.
/// </summary>
internal sealed class RestTransport : IDisposable
{
    private readonly SealServeClientOptions options;
    private readonly HttpClient http;

    public RestTransport(Uri address, SealServeClientOptions? options, HttpMessageHandler? handler = null)
    {
        this.options = options ?? new SealServeClientOptions();
        http = new HttpClient(handler ?? this.options.CreateHandler()) { BaseAddress = address, Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>
    /// Sends a request made by <paramref name="create"/> (once per attempt) and returns the successful answer's body and
    /// headers; a deadline that passes throws <see cref="TimeoutException"/>.
    /// </summary>
    public async Task<RestAnswer> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var expires = long.MaxValue;
        if (options.Deadline is { } limit)
        {
            deadline.CancelAfter(limit);
            expires = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);
        }

        try
        {
            return await SendWithRetriesAsync(create, expires, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw DeadlinePassed();
        }
    }

    public void Dispose() => http.Dispose();

    private TimeoutException DeadlinePassed() => new($"No answer within the deadline of {options.Deadline}.");

    private async Task<RestAnswer> SendWithRetriesAsync(Func<HttpRequestMessage> create, long expires, CancellationToken deadline)
    {
        var wait = options.RetryBackoff;
        for (var attempt = 0; ; attempt++)
        {
            // As a gRPC call does, an attempt whose deadline has passed is not sent (the timer may not have fired yet).
            if (Stopwatch.GetTimestamp() >= expires)
            {
                throw DeadlinePassed();
            }

            using var request = create();
            if (options.BearerToken is { } token)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, deadline).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < options.MaxRetries)
            {
                await Task.Delay(wait, deadline).ConfigureAwait(false);
                wait *= 2;
                continue;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < options.MaxRetries)
                {
                    await Task.Delay(wait, deadline).ConfigureAwait(false);
                    wait *= 2;
                    continue;
                }

                var body = await response.Content.ReadAsByteArrayAsync(deadline).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new SealServeException(response.StatusCode, ErrorText(body));
                }

                return new RestAnswer(body, response.Headers, response.Content.Headers);
            }
        }
    }

    private static string ErrorText(byte[] body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String ? error.GetString()! : json.RootElement.GetRawText();
        }
        catch (JsonException)
        {
            return System.Text.Encoding.UTF8.GetString(body);
        }
    }
}

/// <summary>A successful REST answer.</summary>
internal sealed record RestAnswer(byte[] Body, HttpResponseHeaders Headers, HttpContentHeaders ContentHeaders);
