using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SealServe.Sealing.Format;

/// <summary>
/// The part of a sealed file's header fixed at sealing time: how the data is cut into chunks, how long it
/// is, until when it may be served and where it belongs. Its hash is authenticated with every chunk and
/// with the wrapped data key, so changing any of it fails the file; rekeying leaves it untouched.
/// </summary>
/// <param name="ChunkSize">Plaintext bytes per chunk (the last chunk holds the rest).</param>
/// <param name="PlaintextLength">Bytes of the original file.</param>
/// <param name="NotAfter">Last instant the server may load the file; null when it never expires.</param>
/// <param name="BoundPath"><c>&lt;model folder&gt;/&lt;version folder&gt;/&lt;relative path&gt;</c> (<see cref="SealedPath"/>).</param>
internal sealed record SealedFileBinding(int ChunkSize, long PlaintextLength, DateTimeOffset? NotAfter, string BoundPath)
{
    public const int MaxBoundPathBytes = 4096;

    /// <summary>Algorithm (1) + chunk size (4) + plaintext length (8) + not-after (8) + path length (2).</summary>
    private const int FixedSize = 23;

    /// <summary>At least one chunk: an empty file still carries a tag, so it cannot be swapped for another empty file's header.</summary>
    public long ChunkCount => PlaintextLength == 0 ? 1 : ((PlaintextLength - 1) / ChunkSize) + 1;

    public int LastChunkLength => (int)(PlaintextLength - ((ChunkCount - 1) * ChunkSize));

    public int EncodedSize => FixedSize + Encoding.UTF8.GetByteCount(BoundPath);

    public void Encode(Span<byte> destination)
    {
        destination[0] = SealedFormat.AesGcm256;
        BinaryPrimitives.WriteInt32LittleEndian(destination[1..], ChunkSize);
        BinaryPrimitives.WriteInt64LittleEndian(destination[5..], PlaintextLength);
        BinaryPrimitives.WriteInt64LittleEndian(destination[13..], NotAfter?.ToUnixTimeSeconds() ?? 0);
        var pathLength = Encoding.UTF8.GetBytes(BoundPath, destination[FixedSize..]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[21..], (ushort)pathLength);
    }

    /// <summary>SHA-256(magic ‖ format version ‖ encoded binding): what chunks and the key wrap authenticate.</summary>
    public byte[] Hash()
    {
        var encoded = new byte[SealedFormat.Magic.Length + 2 + EncodedSize];
        SealedFormat.Magic.CopyTo(encoded);
        BinaryPrimitives.WriteUInt16LittleEndian(encoded.AsSpan(SealedFormat.Magic.Length), SealedFormat.Version1);
        Encode(encoded.AsSpan(SealedFormat.Magic.Length + 2));
        return SHA256.HashData(encoded);
    }

    /// <summary>Parses what <see cref="Encode"/> wrote; <paramref name="problem"/> says what is wrong when it returns null.</summary>
    public static SealedFileBinding? TryDecode(ReadOnlySpan<byte> source, out int consumed, out string? problem)
    {
        consumed = 0;
        problem = null;
        if (source.Length < FixedSize)
        {
            problem = "the binding fields are cut short";
            return null;
        }

        var chunkSize = BinaryPrimitives.ReadInt32LittleEndian(source[1..]);
        var length = BinaryPrimitives.ReadInt64LittleEndian(source[5..]);
        var notAfter = BinaryPrimitives.ReadInt64LittleEndian(source[13..]);
        var pathLength = BinaryPrimitives.ReadUInt16LittleEndian(source[21..]);
        problem = source[0] != SealedFormat.AesGcm256 ? $"unknown algorithm {source[0]}"
            : chunkSize is < SealedFormat.MinChunkSize or > SealedFormat.MaxChunkSize ? $"chunk size {chunkSize} out of range"
            : length < 0 ? "negative length"
            : notAfter != 0 && (notAfter < DateTimeOffset.MinValue.ToUnixTimeSeconds() || notAfter > DateTimeOffset.MaxValue.ToUnixTimeSeconds()) ? "not-after date out of range"
            : pathLength is 0 or > MaxBoundPathBytes || source.Length < FixedSize + pathLength ? $"path length {pathLength} out of range"
            : null;
        if (problem is not null)
        {
            return null;
        }

        string path;
        try
        {
            path = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(source.Slice(FixedSize, pathLength));
        }
        catch (DecoderFallbackException)
        {
            problem = "the path is not UTF-8";
            return null;
        }

        consumed = FixedSize + pathLength;
        return new SealedFileBinding(chunkSize, length, notAfter == 0 ? null : DateTimeOffset.FromUnixTimeSeconds(notAfter), path);
    }
}
