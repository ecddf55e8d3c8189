using System.Buffers;
using System.IO.Compression;
using Microsoft.AspNetCore.Http;
using SealServe.Core.Errors;

namespace SealServe.Server.Rest;

/// <summary>A request body read whole into a pooled buffer (gunzipped when the client sent gzip, as TF Serving does).</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] buffer;

    private RequestBody(byte[] buffer, int length)
    {
        this.buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => buffer.AsMemory(0, Length);

    /// <summary>Reads the body; a body over <paramref name="limit"/> bytes (after decompression) throws <see cref="RequestTooLargeException"/>.</summary>
    public static async Task<RequestBody> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var gzip = request.Headers.ContentEncoding.Any(e => e?.Contains("gzip", StringComparison.OrdinalIgnoreCase) == true);
        var stream = gzip ? new GZipStream(request.Body, CompressionMode.Decompress, leaveOpen: true) : request.Body;
        var capacity = (int)Math.Clamp(request.ContentLength ?? 4096, 256, Math.Min(limit + 1, Array.MaxLength));
        var buffer = ArrayPool<byte>.Shared.Rent(capacity);
        var length = 0;
        try
        {
            await using (stream.ConfigureAwait(false))
            {
                while (true)
                {
                    if (length == buffer.Length)
                    {
                        if (length > limit)
                        {
                            throw TooLarge(limit);
                        }

                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, Array.MaxLength));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    length += read;
                    if (length > limit)
                    {
                        throw TooLarge(limit);
                    }
                }
            }

            return new RequestBody(buffer, length);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw TooLarge(limit);
        }
        catch (InvalidDataException e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw ServingException.InvalidArgument($"Failed to decompress gzip request body: {e.Message}");
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        var held = Interlocked.Exchange(ref buffer, []);
        if (held.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(held);
        }
    }

    private static RequestTooLargeException TooLarge(long limit) =>
        new($"Request body is larger than the limit of {limit} bytes (--rest_api_max_request_bytes).");
}

/// <summary>The body exceeds the configured limit (answered with 413).</summary>
internal sealed class RequestTooLargeException(string message) : Exception(message);
