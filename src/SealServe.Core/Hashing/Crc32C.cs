using System.Buffers.Binary;
using System.Numerics;

namespace SealServe.Core.Hashing;

/// <summary>
/// CRC-32C (Castagnoli), as TensorFlow uses it in TFRecord files and checkpoint bundles, with
/// TensorFlow's "masked" form that keeps CRCs of data containing CRCs well distributed.
/// </summary>
public static class Crc32C
{
    private const uint MaskDelta = 0xa282ead8;

    /// <summary>The CRC-32C of <paramref name="data"/>; <see cref="BitOperations.Crc32C(uint, ulong)"/> uses the CPU's instruction when it has one.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= sizeof(ulong))
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[sizeof(ulong)..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    /// <summary>TensorFlow's masked CRC: rotate right by 15 bits and add a constant.</summary>
    public static uint Mask(uint crc) => ((crc >> 15) | (crc << 17)) + MaskDelta;

    /// <summary>The masked CRC-32C of <paramref name="data"/>, as stored in TFRecord framing and BundleEntryProto.</summary>
    public static uint ComputeMasked(ReadOnlySpan<byte> data) => Mask(Compute(data));
}
