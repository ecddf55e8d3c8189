namespace SealServe.Sealing.Format;

/// <summary>Constants of the sealed-file format (docs/sealed-format.md); every number on disk is little-endian.</summary>
internal static class SealedFormat
{
    /// <summary>Format version 1: AES-256-GCM chunks under a per-file data key wrapped by a key-encryption key.</summary>
    public const ushort Version1 = 1;

    /// <summary>Magic (8) + format version (2) + header length (4): the part every format version shares.</summary>
    public const int PrefixSize = 14;

    /// <summary>Bounds what a damaged header-length field can make us allocate before anything is authenticated.</summary>
    public const int MaxHeaderSize = 64 * 1024;

    public const int TagSize = 16;

    public const int NonceSize = 12;

    public const int DataKeySize = 32;

    /// <summary>Big enough for full AES-NI speed, small enough that the writer's two buffers stay cheap.</summary>
    public const int DefaultChunkSize = 1 << 20;

    public const int MinChunkSize = 16;

    public const int MaxChunkSize = 64 << 20;

    /// <summary>The only algorithm of version 1; a byte on disk so a later version can add others.</summary>
    public const byte AesGcm256 = 1;

    /// <summary>
    /// <c>\x89SEAL\r\n\x1a</c>, PNG-style: the high byte catches 7-bit transfers, CR LF and ^Z catch text-mode
    /// conversions, and no protobuf (ONNX, SavedModel) or checkpoint file starts with 0x89 'S'.
    /// </summary>
    public static ReadOnlySpan<byte> Magic => [0x89, (byte)'S', (byte)'E', (byte)'A', (byte)'L', 0x0D, 0x0A, 0x1A];

    /// <summary>What the first bytes of a file say it is.</summary>
    public static SealedFileKind Classify(ReadOnlySpan<byte> start)
    {
        if (start.Length >= Magic.Length && start[..Magic.Length].SequenceEqual(Magic))
        {
            return SealedFileKind.Sealed;
        }

        // A sealed file with a few flipped bits in its magic must not pass as a plain file: it would be
        // handed to the engine and fail with a parse error that hides what happened.
        return start.Length >= Magic.Length && BitDistance(start[..Magic.Length], Magic) <= 3
            ? SealedFileKind.DamagedSeal
            : SealedFileKind.Plain;
    }

    private static int BitDistance(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var bits = 0;
        for (var i = 0; i < a.Length; i++)
        {
            bits += System.Numerics.BitOperations.PopCount((uint)(a[i] ^ b[i]));
        }

        return bits;
    }
}
