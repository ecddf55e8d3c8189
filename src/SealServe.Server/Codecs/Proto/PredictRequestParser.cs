using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Google.Protobuf;
using SealServe.Core.Tensors;
using Tensorflow.Serving;

namespace SealServe.Server.Codecs.Proto;

/// <summary>
/// Parses a <see cref="PredictRequest"/> from the request's bytes with each input's <c>tensor_content</c> copied once,
/// straight from the transport's buffers into pooled memory (<see cref="BoundedPool"/>), instead of into a fresh
/// <see cref="ByteString"/> array (for a 600 KB image, a zeroed Large Object Heap array per request). Everything else
/// is Google.Protobuf's own parse of the same bytes, so the result equals <c>PredictRequest.Parser</c>'s; a message
/// this parser does not take apart cleanly (malformed, groups, a map entry without a value) goes to that parser whole,
/// which decides it and names the error.
/// </summary>
internal static class PredictRequestParser
{
    /// <summary>Smaller messages go to the generated parser: their copies cost less than taking them apart.</summary>
    public const int PooledFromBytes = 64 * 1024;

    private const uint InputsTag = (2 << 3) | 2;
    private const uint MapKeyTag = (1 << 3) | 2;
    private const uint MapValueTag = (2 << 3) | 2;
    private const uint TensorContentTag = (4 << 3) | 2;

    /// <summary>The request; call <see cref="ReturnBuffers"/> once nothing reads its tensors any more.</summary>
    public static PredictRequest Parse(in ReadOnlySequence<byte> message) =>
        message.Length >= PooledFromBytes && TryParsePooled(message) is { } request ? request : PredictRequest.Parser.ParseFrom(message);

    /// <summary>The request with pooled <c>tensor_content</c>, or null when the generated parser must decide.</summary>
    internal static PredictRequest? TryParsePooled(in ReadOnlySequence<byte> message)
    {
        var inputs = new List<ReadOnlySequence<byte>>();
        var parsed = new List<(string Key, Tensorflow.TensorProto Value)>();
        try
        {
            if (!TryTakeFields(message, InputsTag, inputs, out var rest))
            {
                return null;
            }

            var request = ParseRest(PredictRequest.Parser, rest);
            foreach (var entry in inputs)
            {
                if (!TryParseInput(entry, out var key, out var value))
                {
                    return null;
                }

                parsed.Add((key, value));
            }

            // As the generated parser: a later entry for a key replaces an earlier one.
            foreach (var (key, value) in parsed)
            {
                if (request.Inputs.TryGetValue(key, out var replaced))
                {
                    ReturnBuffer(replaced);
                }

                request.Inputs[key] = value;
            }

            parsed.Clear();
            return request;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            return null;
        }
        finally
        {
            foreach (var (_, value) in parsed)
            {
                ReturnBuffer(value);
            }
        }
    }

    /// <summary>Gives the pooled <c>tensor_content</c> of <paramref name="request"/> back; the request then holds none.</summary>
    public static void ReturnBuffers(PredictRequest request)
    {
        foreach (var input in request.Inputs.Values)
        {
            ReturnBuffer(input);
        }
    }

    private static void ReturnBuffer(Tensorflow.TensorProto tensor)
    {
        if (MemoryMarshal.TryGetMemoryManager<byte, PooledBytes>(tensor.TensorContent.Memory, out var pooled))
        {
            tensor.TensorContent = ByteString.Empty;
            ((IDisposable)pooled).Dispose();
        }
    }

    /// <summary>One map entry: key (field 1) and TensorProto value (field 2), each at most once; any other entry goes to the generated parser.</summary>
    private static bool TryParseInput(ReadOnlySequence<byte> entry, out string key, out Tensorflow.TensorProto value)
    {
        key = string.Empty;
        value = null!;
        ReadOnlySequence<byte>? keyBytes = null;
        ReadOnlySequence<byte>? tensor = null;
        var reader = new SequenceReader<byte>(entry);
        while (!reader.End)
        {
            if (!TryReadTag(ref reader, out var tag) || !TryReadLengthDelimited(ref reader, out var payload))
            {
                return false;
            }

            switch (tag)
            {
                case MapKeyTag when keyBytes is null: keyBytes = payload; break;
                case MapValueTag when tensor is null: tensor = payload; break;
                default: return false;
            }
        }

        if (keyBytes is { } bytes)
        {
            var utf8 = bytes.ToArray();
            if (!Utf8.IsValid(utf8))
            {
                return false;
            }

            key = Encoding.UTF8.GetString(utf8);
        }

        return tensor is { } tensorBytes && TryParseTensor(tensorBytes, out value);
    }

    private static bool TryParseTensor(ReadOnlySequence<byte> bytes, out Tensorflow.TensorProto tensor)
    {
        tensor = null!;
        var contents = new List<ReadOnlySequence<byte>>(1);
        if (!TryTakeFields(bytes, TensorContentTag, contents, out var rest))
        {
            return false;
        }

        tensor = ParseRest(Tensorflow.TensorProto.Parser, rest);

        // The last tensor_content wins, as when the generated parser reads them one after another.
        if (contents.Count > 0 && contents[^1] is { IsEmpty: false } content)
        {
            tensor.TensorContent = UnsafeByteOperations.UnsafeWrap(PooledBytes.CopyOf(content).Memory);
        }

        return true;
    }

    private static T ParseRest<T>(MessageParser<T> parser, (byte[] Buffer, int Length) rest)
        where T : IMessage<T>
    {
        try
        {
            return parser.ParseFrom(rest.Buffer.AsSpan(0, rest.Length));
        }
        finally
        {
            if (rest.Buffer.Length > 0)
            {
                BoundedPool.Return(rest.Buffer);
            }
        }
    }

    /// <summary>
    /// Splits the fields of <paramref name="message"/>: the payloads of those with <paramref name="tag"/> go to
    /// <paramref name="taken"/> in order, every other field is copied as it is into <paramref name="rest"/> (rented).
    /// </summary>
    private static bool TryTakeFields(in ReadOnlySequence<byte> message, uint tag, List<ReadOnlySequence<byte>> taken, out (byte[] Buffer, int Length) rest)
    {
        rest = default;
        var fields = new List<(SequencePosition Start, SequencePosition End)>();
        long takenBytes = 0;
        var reader = new SequenceReader<byte>(message);
        while (!reader.End)
        {
            var start = reader.Position;
            var startOffset = reader.Consumed;
            if (!TryReadTag(ref reader, out var fieldTag))
            {
                return false;
            }

            if (fieldTag == tag)
            {
                if (!TryReadLengthDelimited(ref reader, out var payload))
                {
                    return false;
                }

                taken.Add(payload);
                fields.Add((start, reader.Position));
                takenBytes += reader.Consumed - startOffset;
            }
            else if (!TrySkip(ref reader, fieldTag))
            {
                return false;
            }
        }

        var length = (int)(message.Length - takenBytes);
        var buffer = BoundedPool.RentArray(length);
        var written = 0;
        var from = message.Start;
        foreach (var (start, end) in fields)
        {
            var gap = message.Slice(from, start);
            gap.CopyTo(buffer.AsSpan(written));
            written += (int)gap.Length;
            from = end;
        }

        message.Slice(from).CopyTo(buffer.AsSpan(written));
        rest = (buffer, length);
        return true;
    }

    private static bool TryReadTag(ref SequenceReader<byte> reader, out uint tag)
    {
        tag = 0;
        if (!TryReadVarint(ref reader, out var value) || value > uint.MaxValue || (value >> 3) == 0)
        {
            return false;
        }

        tag = (uint)value;
        return true;
    }

    private static bool TryReadLengthDelimited(ref SequenceReader<byte> reader, out ReadOnlySequence<byte> payload)
    {
        payload = default;
        if (!TryReadVarint(ref reader, out var length) || length > (ulong)reader.Remaining)
        {
            return false;
        }

        payload = reader.UnreadSequence.Slice(0, (long)length);
        reader.Advance((long)length);
        return true;
    }

    /// <summary>Skips the value of a field; groups (wire types 3 and 4) and unknown wire types are left to the generated parser.</summary>
    private static bool TrySkip(ref SequenceReader<byte> reader, uint tag)
    {
        switch (tag & 7)
        {
            case 0:
                return TryReadVarint(ref reader, out _);
            case 1:
                return TryAdvance(ref reader, 8);
            case 2:
                return TryReadLengthDelimited(ref reader, out _);
            case 5:
                return TryAdvance(ref reader, 4);
            default:
                return false;
        }
    }

    private static bool TryAdvance(ref SequenceReader<byte> reader, int count)
    {
        if (reader.Remaining < count)
        {
            return false;
        }

        reader.Advance(count);
        return true;
    }

    private static bool TryReadVarint(ref SequenceReader<byte> reader, out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (!reader.TryRead(out var b))
            {
                return false;
            }

            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A copy of <c>tensor_content</c> in a pooled array; the array goes back when the request's buffers are returned.</summary>
    private sealed class PooledBytes : MemoryManager<byte>
    {
        private readonly int length;
        private byte[]? array;

        private PooledBytes(byte[] array, int length)
        {
            this.array = array;
            this.length = length;
        }

        public static PooledBytes CopyOf(in ReadOnlySequence<byte> content)
        {
            var length = checked((int)content.Length);
            var pooled = new PooledBytes(BoundedPool.RentArray(length), length);
            content.CopyTo(pooled.array);
            return pooled;
        }

        public override Span<byte> GetSpan() => (array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsSpan(0, length);

        public override unsafe MemoryHandle Pin(int elementIndex = 0)
        {
            var handle = GCHandle.Alloc(array ?? throw new ObjectDisposedException(nameof(PooledBytes)), GCHandleType.Pinned);
            return new MemoryHandle((byte*)handle.AddrOfPinnedObject() + elementIndex, handle, this);
        }

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref array, null) is { } held)
            {
                BoundedPool.Return(held);
            }
        }
    }
}
