using System.Buffers.Binary;
using SealServe.Core.Errors;
using SealServe.Core.Hashing;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Turns the bytes of one checkpoint entry into a <see cref="Tensor"/>: fixed-size elements are raw little-endian
/// (wrapped, not copied); strings are stored as varint64 lengths, a 4-byte checksum of those lengths, then the bytes.
/// </summary>
internal static class BundleTensor
{
    public static Tensor Decode(string key, DataType dataType, TensorShape shape, ReadOnlyMemory<byte> bytes, string shardPath)
    {
        if (dataType == DataType.String)
        {
            return DecodeStrings(key, shape, bytes.Span, shardPath);
        }

        if (!DataTypes.IsSupported(dataType) || DataTypes.ElementSize(dataType) == 0)
        {
            throw ServingException.Unimplemented($"Variable '{key}' has element type {DataTypes.TfName(dataType)}, which is not supported.");
        }

        if (bytes.Length != shape.ByteCount(DataTypes.ElementSize(dataType)))
        {
            throw new ServingException(StatusCode.DataLoss, $"{shardPath} is corrupt: variable '{key}' ({DataTypes.TfName(dataType)}{shape}) has {bytes.Length} bytes.");
        }

        // The tensor only reads these bytes; its Memory<byte> type is what Tensor offers.
        return Tensor.Create(dataType, shape, System.Runtime.InteropServices.MemoryMarshal.AsMemory(bytes));
    }

    /// <summary>
    /// TensorFlow checksums a string tensor over each length as a fixed-size integer (uint32, or uint64 beyond
    /// 4 GiB; not the varints it stores), then the stored masked checksum of those lengths, then the string bytes.
    /// </summary>
    public static uint StringChecksum(Tensor tensor, ReadOnlySpan<byte> stored)
    {
        var strings = tensor.Strings;
        var stringBytes = strings.Sum(s => s.Length);
        var buffer = new List<byte>(strings.Count * sizeof(uint) + 4 + stringBytes);
        Span<byte> length = stackalloc byte[sizeof(uint)];
        foreach (var value in strings)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)value.Length);
            buffer.AddRange(length);
        }

        buffer.AddRange(stored.Slice(stored.Length - stringBytes - 4, 4));
        foreach (var value in strings)
        {
            buffer.AddRange(value);
        }

        return Crc32C.ComputeMasked(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(buffer));
    }

    private static Tensor DecodeStrings(string key, TensorShape shape, ReadOnlySpan<byte> bytes, string shardPath)
    {
        var count = checked((int)shape.ElementCount);
        var lengths = new long[count];
        var position = 0;
        for (var i = 0; i < count; i++)
        {
            lengths[i] = ReadVarint(bytes, ref position) ?? throw Corrupt(key, shardPath);
        }

        position += 4; // checksum of the lengths; the entry's CRC32C, already verified, covers it too
        var values = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (lengths[i] < 0 || position + lengths[i] > bytes.Length)
            {
                throw Corrupt(key, shardPath);
            }

            values[i] = bytes.Slice(position, (int)lengths[i]).ToArray();
            position += (int)lengths[i];
        }

        return Tensor.CreateStrings(shape, values);
    }

    private static long? ReadVarint(ReadOnlySpan<byte> bytes, ref int position)
    {
        long value = 0;
        for (var shift = 0; shift < 64 && position < bytes.Length; shift += 7)
        {
            var b = bytes[position++];
            value |= (long)(b & 0x7f) << shift;
            if (b < 0x80)
            {
                return value;
            }
        }

        return null;
    }

    private static ServingException Corrupt(string key, string shardPath) =>
        new(StatusCode.DataLoss, $"{shardPath} is corrupt: the string variable '{key}' is malformed.");
}
