using System.Buffers.Binary;
using System.Runtime.InteropServices;
using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.V2;

/// <summary>
/// Tensors as the protocol's raw bytes (gRPC <c>raw_*_contents</c>, REST binary tensor data): little-endian, row-major,
/// no padding; a BYTES element is a 4-byte little-endian length followed by its bytes. Fixed-size tensors are read and
/// written in place, without a copy.
/// </summary>
internal static class RawTensors
{
    private const int LengthPrefix = sizeof(uint);

    /// <summary>
    /// The tensor <paramref name="raw"/> holds. A fixed-size tensor views <paramref name="raw"/> (which must outlive it;
    /// nothing writes to an input tensor); BYTES elements are copied out. Sizes must match the shape exactly.
    /// </summary>
    public static Tensor Read(string name, DataType type, TensorShape shape, ReadOnlyMemory<byte> raw)
    {
        if (type == DataType.String)
        {
            return Tensor.CreateStrings(shape, ReadStrings(name, shape, raw.Span));
        }

        var expected = shape.ByteCount(DataTypes.ElementSize(type));
        if (raw.Length != expected)
        {
            throw V2Errors.Tensor(name, $"{raw.Length} bytes of data, but {V2DataTypes.Name(type)} of shape {shape} takes {expected}");
        }

        return Tensor.Create(type, shape, MemoryMarshal.AsMemory(raw));
    }

    /// <summary>A BYTES tensor's elements, each behind its 4-byte length.</summary>
    public static byte[] EncodeStrings(Tensor tensor)
    {
        var size = 0L;
        foreach (var value in tensor.Strings)
        {
            size += LengthPrefix + value.Length;
        }

        var encoded = new byte[checked((int)size)];
        var offset = 0;
        foreach (var value in tensor.Strings)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(encoded.AsSpan(offset), (uint)value.Length);
            value.CopyTo(encoded.AsSpan(offset + LengthPrefix));
            offset += LengthPrefix + value.Length;
        }

        return encoded;
    }

    private static byte[][] ReadStrings(string name, TensorShape shape, ReadOnlySpan<byte> raw)
    {
        // Every element takes at least its length prefix: a shape larger than that is refused before anything is allocated.
        if (shape.ElementCount > raw.Length / LengthPrefix)
        {
            throw V2Errors.Tensor(name, $"{raw.Length} bytes of data cannot hold the {shape.ElementCount} BYTES elements of shape {shape}");
        }

        var values = new byte[shape.ElementCount][];
        var offset = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (raw.Length - offset < LengthPrefix)
            {
                throw V2Errors.Tensor(name, $"BYTES data ends inside the length of element {i}");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(raw[offset..]);
            offset += LengthPrefix;
            if (length > (uint)(raw.Length - offset))
            {
                throw V2Errors.Tensor(name, $"BYTES element {i} claims {length} bytes but {raw.Length - offset} remain");
            }

            values[i] = raw.Slice(offset, (int)length).ToArray();
            offset += (int)length;
        }

        if (offset != raw.Length)
        {
            throw V2Errors.Tensor(name, $"{raw.Length - offset} bytes of data follow the {values.Length} BYTES elements of shape {shape}");
        }

        return values;
    }
}
