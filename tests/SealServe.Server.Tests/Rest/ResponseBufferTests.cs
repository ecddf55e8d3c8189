using System.Buffers;
using SealServe.Server.Rest;

namespace SealServe.Server.Tests.Rest;

public sealed class ResponseBufferTests
{
    [Fact]
    public void Write_PastSeveralGrowths_KeepsEveryByteInOrder()
    {
        using var buffer = new ResponseBuffer();
        var expected = new byte[100_000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)(i * 7);
        }

        // Uneven pieces, so growth happens mid-stream with earlier bytes to carry over.
        for (var offset = 0; offset < expected.Length;)
        {
            var piece = Math.Min(1 + (offset % 3001), expected.Length - offset);
            expected.AsSpan(offset, piece).CopyTo(buffer.GetSpan(piece));
            buffer.Advance(piece);
            offset += piece;
        }

        Assert.Equal(expected.Length, buffer.WrittenCount);
        Assert.True(buffer.WrittenMemory.Span.SequenceEqual(expected));
    }

    [Fact]
    public void ResetWrittenCount_ThenWrite_ReplacesTheBody()
    {
        using var buffer = new ResponseBuffer();
        buffer.Write("partial answer"u8);

        buffer.ResetWrittenCount();
        buffer.Write("{\"error\": \"x\"}"u8);

        Assert.Equal("{\"error\": \"x\"}"u8.ToArray(), buffer.WrittenMemory.ToArray());
    }

    [Fact]
    public void Advance_PastWhatWasAskedFor_Throws()
    {
        using var buffer = new ResponseBuffer();
        var length = buffer.GetSpan(10).Length;

        Assert.Throws<InvalidOperationException>(() => buffer.Advance(length + 1));
    }
}
