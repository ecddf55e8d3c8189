using System.Buffers.Binary;
using SealServe.Core.Errors;
using SealServe.Core.Hashing;

namespace SealServe.Server.Warmup;

/// <summary>
/// TensorFlow's TFRecord framing: per record a little-endian uint64 length, the masked CRC-32C of those
/// 8 bytes, the data, and the masked CRC-32C of the data.
/// </summary>
public static class TfRecordFile
{
    private const int HeaderLength = sizeof(ulong) + sizeof(uint);

    /// <summary>The records of a file, CRCs checked; damage is DATA_LOSS naming the offset, as TensorFlow's reader says it.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> Read(ReadOnlyMemory<byte> file)
    {
        var offset = 0;
        while (offset < file.Length)
        {
            var span = file.Span[offset..];
            if (span.Length < HeaderLength)
            {
                throw DataLoss($"truncated record at {offset}");
            }

            var length = BinaryPrimitives.ReadUInt64LittleEndian(span);
            if (Crc32C.ComputeMasked(span[..sizeof(ulong)]) != BinaryPrimitives.ReadUInt32LittleEndian(span[sizeof(ulong)..]))
            {
                throw DataLoss($"corrupted record at {offset}");
            }

            // A header near the end leaves no room for a footer: the remaining length must not go negative (fuzz/regressions/warmup-tfrecord).
            if (span.Length < HeaderLength + sizeof(uint) || length > (ulong)(span.Length - HeaderLength - sizeof(uint)))
            {
                throw DataLoss($"truncated record at {offset}");
            }

            var data = file.Slice(offset + HeaderLength, (int)length);
            if (Crc32C.ComputeMasked(data.Span) != BinaryPrimitives.ReadUInt32LittleEndian(span[(HeaderLength + (int)length)..]))
            {
                throw DataLoss($"corrupted record at {offset}");
            }

            yield return data;
            offset += HeaderLength + (int)length + sizeof(uint);
        }
    }

    /// <summary>Appends one framed record.</summary>
    public static void Write(Stream output, ReadOnlySpan<byte> record)
    {
        Span<byte> header = stackalloc byte[HeaderLength];
        BinaryPrimitives.WriteUInt64LittleEndian(header, (ulong)record.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[sizeof(ulong)..], Crc32C.ComputeMasked(header[..sizeof(ulong)]));
        output.Write(header);
        output.Write(record);
        Span<byte> footer = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(footer, Crc32C.ComputeMasked(record));
        output.Write(footer);
    }

    private static ServingException DataLoss(string message) => new(StatusCode.DataLoss, message);
}
