using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SealServe.Sealing.Format;

/// <summary>
/// AES-256-GCM over one file's chunks. Nonce = chunk index (8) ‖ last-chunk flag (4); associated data =
/// binding hash ‖ index ‖ flag. A chunk therefore opens only at its own position, only as the last chunk
/// if it was sealed as the last, and only under its own header: no reordering, truncation, extension or
/// header swap goes unnoticed. Nonces never repeat because every file has its own random data key.
/// </summary>
internal sealed class ChunkCipher : IDisposable
{
    private const int AssociatedDataSize = 32 + 8 + 1;

    private readonly AesGcm aes;
    private readonly byte[] bindingHash;

    public ChunkCipher(ReadOnlySpan<byte> dataKey, byte[] bindingHash)
    {
        aes = new AesGcm(dataKey, SealedFormat.TagSize);
        this.bindingHash = bindingHash;
    }

    /// <summary>Encrypts <paramref name="data"/> in place and writes its tag.</summary>
    public void Seal(long index, bool last, Span<byte> data, Span<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        Span<byte> associated = stackalloc byte[AssociatedDataSize];
        Describe(index, last, nonce, associated);
        aes.Encrypt(nonce, data, data, tag, associated);
    }

    /// <summary>Decrypts <paramref name="data"/> in place; false (and <paramref name="data"/> cleared) when the tag does not match.</summary>
    public bool TryOpen(long index, bool last, Span<byte> data, ReadOnlySpan<byte> tag)
    {
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        Span<byte> associated = stackalloc byte[AssociatedDataSize];
        Describe(index, last, nonce, associated);
        try
        {
            aes.Decrypt(nonce, data, tag, data, associated);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            CryptographicOperations.ZeroMemory(data);
            return false;
        }
    }

    public void Dispose() => aes.Dispose();

    private void Describe(long index, bool last, Span<byte> nonce, Span<byte> associated)
    {
        BinaryPrimitives.WriteInt64LittleEndian(nonce, index);
        BinaryPrimitives.WriteInt32LittleEndian(nonce[8..], last ? 1 : 0);
        bindingHash.CopyTo(associated);
        BinaryPrimitives.WriteInt64LittleEndian(associated[32..], index);
        associated[40] = last ? (byte)1 : (byte)0;
    }
}
