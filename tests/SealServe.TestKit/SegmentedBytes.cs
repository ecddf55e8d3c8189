using System.Buffers;

namespace SealServe.TestKit;

/// <summary>Bytes as a multi-segment <see cref="ReadOnlySequence{T}"/>, as a transport hands a message over in pieces.</summary>
public static class SegmentedBytes
{
    /// <summary><paramref name="bytes"/> in segments of <paramref name="size"/> bytes (the last one shorter).</summary>
    public static ReadOnlySequence<byte> Of(byte[] bytes, int size)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(size, bytes.Length)), 0);
        var last = first;
        for (var offset = size; offset < bytes.Length; offset += size)
        {
            last = last.Append(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> next)
        {
            var segment = new Segment(next, RunningIndex + Memory.Length);
            Next = segment;
            return segment;
        }
    }
}
