using System.Security.Cryptography;

namespace SealServe.Sealing.Legacy;

/// <summary>
/// Reads a <c>saved_model.pb</c> encrypted by the TensorFlow Serving fork this project replaces: AES-128-CBC,
/// PKCS#7 padding, a fixed IV (sixteen 0x37 bytes unless configured). Read-only, for migration: nothing
/// writes this format, and it has no authentication, so a wrong key shows up as bad padding at best.
/// </summary>
internal static class CryptpbReader
{
    public const int KeySize = 16;

    /// <summary>The fork's IV: sixteen 0x37 ('7') bytes.</summary>
    public static byte[] DefaultIv => [.. Enumerable.Repeat((byte)0x37, 16)];

    /// <summary>The fork's key: the first 16 bytes of the flag's text (UTF-8); null when the text is shorter.</summary>
    public static byte[]? KeyFromText(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        try
        {
            return bytes.Length < KeySize ? null : bytes[..KeySize];
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Decrypts <paramref name="ciphertext"/>; null when it is not whole blocks or the padding is wrong (wrong key or IV, or not encrypted).</summary>
    public static byte[]? TryDecrypt(ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv)
    {
        if (ciphertext.IsEmpty || ciphertext.Length % 16 != 0)
        {
            return null;
        }

        using var aes = Aes.Create();
        aes.SetKey(key);
        try
        {
            return aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
