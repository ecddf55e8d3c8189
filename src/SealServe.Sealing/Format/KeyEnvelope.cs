using System.Security.Cryptography;
using System.Text;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Format;

/// <summary>
/// A file's data key wrapped (AES-256-GCM) by a key-encryption key, with that key's id. The wrap
/// authenticates the key id and the binding hash, so a header edit anywhere is caught before any chunk
/// is read. Rekeying replaces only this envelope.
/// </summary>
internal sealed record KeyEnvelope(string KeyId, byte[] Nonce, byte[] WrappedKey, byte[] Tag)
{
    public const int MaxKeyIdLength = 64;

    public int EncodedSize => 1 + KeyId.Length + SealedFormat.NonceSize + SealedFormat.DataKeySize + SealedFormat.TagSize;

    public static KeyEnvelope Wrap(KeyEncryptionKey key, ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> bindingHash)
    {
        var nonce = RandomNumberGenerator.GetBytes(SealedFormat.NonceSize);
        var wrapped = new byte[SealedFormat.DataKeySize];
        var tag = new byte[SealedFormat.TagSize];
        using var aes = new AesGcm(key.Material, SealedFormat.TagSize);
        aes.Encrypt(nonce, dataKey, wrapped, tag, AssociatedData(key.Id, bindingHash));
        return new KeyEnvelope(key.Id, nonce, wrapped, tag);
    }

    /// <summary>Unwraps into <paramref name="dataKey"/>; false when the key or anything authenticated does not match.</summary>
    public bool TryUnwrap(KeyEncryptionKey key, ReadOnlySpan<byte> bindingHash, Span<byte> dataKey)
    {
        using var aes = new AesGcm(key.Material, SealedFormat.TagSize);
        try
        {
            aes.Decrypt(Nonce, WrappedKey, Tag, dataKey, AssociatedData(KeyId, bindingHash));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }

    /// <summary>The same data key wrapped by <paramref name="newKey"/>; null when <paramref name="oldKey"/> does not unwrap it.</summary>
    public KeyEnvelope? Rewrap(KeyEncryptionKey oldKey, KeyEncryptionKey newKey, ReadOnlySpan<byte> bindingHash)
    {
        Span<byte> dataKey = stackalloc byte[SealedFormat.DataKeySize];
        try
        {
            return TryUnwrap(oldKey, bindingHash, dataKey) ? Wrap(newKey, dataKey, bindingHash) : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(dataKey);
        }
    }

    public void Encode(Span<byte> destination)
    {
        destination[0] = (byte)KeyId.Length;
        var offset = 1 + Encoding.ASCII.GetBytes(KeyId, destination[1..]);
        Nonce.CopyTo(destination[offset..]);
        WrappedKey.CopyTo(destination[(offset + SealedFormat.NonceSize)..]);
        Tag.CopyTo(destination[(offset + SealedFormat.NonceSize + SealedFormat.DataKeySize)..]);
    }

    public static KeyEnvelope? TryDecode(ReadOnlySpan<byte> source, out int consumed, out string? problem)
    {
        consumed = 0;
        var idLength = source.IsEmpty ? 0 : source[0];
        var size = 1 + idLength + SealedFormat.NonceSize + SealedFormat.DataKeySize + SealedFormat.TagSize;
        problem = idLength is 0 or > MaxKeyIdLength ? $"key id length {idLength} out of range"
            : source.Length < size ? "the key envelope is cut short"
            : source.Slice(1, idLength).ContainsAnyExceptInRange((byte)0x21, (byte)0x7E) ? "the key id is not printable ASCII"
            : null;
        if (problem is not null)
        {
            return null;
        }

        var offset = 1 + idLength;
        consumed = size;
        return new KeyEnvelope(
            Encoding.ASCII.GetString(source.Slice(1, idLength)),
            source.Slice(offset, SealedFormat.NonceSize).ToArray(),
            source.Slice(offset + SealedFormat.NonceSize, SealedFormat.DataKeySize).ToArray(),
            source.Slice(offset + SealedFormat.NonceSize + SealedFormat.DataKeySize, SealedFormat.TagSize).ToArray());
    }

    /// <summary>"SealServe key wrap v1\0" ‖ key id ‖ "\0" ‖ binding hash.</summary>
    private static byte[] AssociatedData(string keyId, ReadOnlySpan<byte> bindingHash)
    {
        var label = "SealServe key wrap v1\0"u8;
        var data = new byte[label.Length + keyId.Length + 1 + bindingHash.Length];
        label.CopyTo(data);
        Encoding.ASCII.GetBytes(keyId, data.AsSpan(label.Length));
        bindingHash.CopyTo(data.AsSpan(label.Length + keyId.Length + 1));
        return data;
    }
}
