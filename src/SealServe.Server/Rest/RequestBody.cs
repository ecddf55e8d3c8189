using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Server.Rest;

/// <summary>
/// A request body read whole (gunzipped when the client sent gzip, as TF Serving does) into a buffer that grows with
/// what arrives, never past the limit, and that is counted against the budget of bodies in flight while it lives.
/// </summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>Largest first buffer: a declared length is a claim, so a slow client announcing 256 MiB does not get it up front.</summary>
    private const int MaxInitialCapacity = 1 << 20;

    private readonly BodyMemoryBudget budget;
    private byte[] buffer = [];

    private RequestBody(BodyMemoryBudget budget) => this.budget = budget;

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    /// <summary>
    /// Reads the body. Over <paramref name="limit"/> bytes (after decompression) throws <see cref="RequestTooLargeException"/>;
    /// a full <paramref name="budget"/> throws RESOURCE_EXHAUSTED; bad gzip INVALID_ARGUMENT.
    /// </summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, BodyMemoryBudget budget, CancellationToken cancellationToken)
    {
        var gzip = IsGzip(request.Headers.ContentEncoding);
        var stream = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var body = new RequestBody(budget);
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                var declared = gzip ? null : request.ContentLength;
                body.Grow((int)Math.Clamp(declared ?? 4096, 256, Math.Min(limit + 1, MaxInitialCapacity)));
                while (body.Length != declared)
                {
                    if (body.Length == body.buffer.Length)
                    {
                        // limit + 1 bytes tell "over the limit" from "exactly the limit"; no buffer is ever larger,
                        // nor larger than a declared length (Kestrel refuses a body longer than it declared).
                        var capacity = Math.Min(Math.Min((long)body.buffer.Length * 2, Math.Min(limit + 1, declared ?? long.MaxValue)), Array.MaxLength);
                        if (body.Length >= capacity)
                        {
                            throw TooLarge(limit);
                        }

                        body.Grow((int)capacity);
                    }

                    var read = await stream.ReadAsync(body.buffer.AsMemory(body.Length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    body.Length += read;
                    if (body.Length > limit)
                    {
                        throw TooLarge(limit);
                    }
                }
            }

            return body;
        }
        catch (Exception e)
        {
            body.Dispose();
            throw e switch
            {
                BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => TooLarge(limit),
                InvalidDataException => ServingException.InvalidArgument($"Failed to decompress gzip request body: {e.Message}"),
                _ => e,
            };
        }
    }

    private static bool IsGzip(StringValues encodings)
    {
        // A loop, not LINQ: StringValues boxed as an enumerable would cost every request an allocation.
        foreach (var encoding in encodings)
        {
            if (encoding?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose()
    {
        var held = Interlocked.Exchange(ref buffer, []);
        if (held.Length > 0)
        {
            BoundedPool.Return(held);
            budget.Release(held.Length);
        }
    }

    private void Grow(int capacity)
    {
        var larger = BoundedPool.RentArray(capacity);
        if (!budget.TryReserve(larger.Length))
        {
            BoundedPool.Return(larger);
            throw new ServingException(
                StatusCode.ResourceExhausted,
                $"Request bodies in flight would take more than {budget.Capacity} bytes (--rest_api_max_inflight_bytes); retry later.");
        }

        buffer.AsSpan(0, Length).CopyTo(larger);
        var previous = buffer;
        buffer = larger;
        if (previous.Length > 0)
        {
            BoundedPool.Return(previous);
            budget.Release(previous.Length);
        }
    }

    private static RequestTooLargeException TooLarge(long limit) =>
        new($"Request body is larger than the limit of {limit} bytes (--rest_api_max_request_bytes).");
}

/// <summary>The body exceeds the configured limit (answered with 413).</summary>
internal sealed class RequestTooLargeException(string message) : Exception(message);
