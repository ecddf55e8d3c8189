using System.Security.Cryptography;

namespace SealServe.Sealing.Keys;

/// <summary>
/// A 256-bit key-encryption key and its id. The id is derived from the key itself, so every provider
/// (file, environment, command) yields the same id for the same key and ids can never disagree with keys.
/// </summary>
internal sealed class KeyEncryptionKey : IDisposable
{
    public const int Size = 32;

    // Pinned so the garbage collector never leaves copies of the key behind when it compacts.
    private readonly byte[] material = GC.AllocateArray<byte>(Size, pinned: true);
    private bool disposed;

    private KeyEncryptionKey(ReadOnlySpan<byte> source)
    {
        source.CopyTo(material);
        Id = DeriveId(source);
    }

    /// <summary>16 hex digits: the first 64 bits of SHA-256("SealServe key id v1\0" ‖ key). Safe to print and log.</summary>
    public string Id { get; }

    /// <summary>The key bytes; only the format code reads them.</summary>
    public ReadOnlySpan<byte> Material
    {
        get
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            return material;
        }
    }

    public static KeyEncryptionKey Generate()
    {
        Span<byte> fresh = stackalloc byte[Size];
        RandomNumberGenerator.Fill(fresh);
        try
        {
            return new KeyEncryptionKey(fresh);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fresh);
        }
    }

    /// <summary>Copies <paramref name="source"/>, which must be exactly 32 bytes; the caller clears its own copy.</summary>
    public static KeyEncryptionKey FromBytes(ReadOnlySpan<byte> source)
    {
        if (source.Length != Size)
        {
            throw new ArgumentException($"A key is {Size} bytes, not {source.Length}.", nameof(source));
        }

        return new KeyEncryptionKey(source);
    }

    public static string DeriveId(ReadOnlySpan<byte> key)
    {
        var label = "SealServe key id v1\0"u8;
        Span<byte> input = stackalloc byte[label.Length + key.Length];
        label.CopyTo(input);
        key.CopyTo(input[label.Length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input, hash);
        CryptographicOperations.ZeroMemory(input);
        return Convert.ToHexStringLower(hash[..8]);
    }

    /// <summary>Never the key: a key that ends up in a log or an exception message shows only its id.</summary>
    public override string ToString() => $"key {Id}";

    public void Dispose()
    {
        disposed = true;
        CryptographicOperations.ZeroMemory(material);
    }
}
