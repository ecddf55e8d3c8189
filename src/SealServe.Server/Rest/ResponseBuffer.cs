using System.Buffers;
using SealServe.Core.Tensors;

namespace SealServe.Server.Rest;

/// <summary>
/// A response body assembled before it is sent (its length goes in the headers, and an error replaces it whole),
/// in pooled arrays: a tiny model's answer costs no fresh buffers per request.
/// </summary>
internal sealed class ResponseBuffer : IBufferWriter<byte>, IDisposable
{
    private const int InitialCapacity = 4096;

    private byte[] buffer = [];

    public int WrittenCount { get; private set; }

    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, WrittenCount);

    /// <summary>Forgets what was written (an error answer replaces a partial body).</summary>
    public void ResetWrittenCount() => WrittenCount = 0;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (WrittenCount + count > buffer.Length)
        {
            throw new InvalidOperationException("Advanced past the buffer.");
        }

        WrittenCount += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsMemory(WrittenCount);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return buffer.AsSpan(WrittenCount);
    }

    public void Dispose()
    {
        var held = buffer;
        buffer = [];
        WrittenCount = 0;
        if (held.Length > 0)
        {
            BoundedPool.Return(held);
        }
    }

    private void Reserve(int sizeHint)
    {
        var needed = (long)WrittenCount + Math.Max(sizeHint, 1);
        if (needed <= buffer.Length)
        {
            return;
        }

        var capacity = (int)Math.Min(Math.Max(Math.Max(needed, (long)buffer.Length * 2), InitialCapacity), Array.MaxLength);
        if (capacity < needed)
        {
            throw new OutOfMemoryException("A response body cannot exceed the largest array.");
        }

        var larger = BoundedPool.RentArray(capacity);
        buffer.AsSpan(0, WrittenCount).CopyTo(larger);
        var previous = buffer;
        buffer = larger;
        if (previous.Length > 0)
        {
            BoundedPool.Return(previous);
        }
    }
}
