using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Keys;

/// <summary>
/// The text every key provider reads (docs/sealed-format.md, "Key files"): lines starting with <c>#</c>
/// are comments, and exactly one other line holds the key as <c>sealserve-key-v1:&lt;base64&gt;</c>, as bare
/// base64 (what KMS and vault command lines print) or as 64 hex digits. Parsing works on the raw bytes so
/// no string copy of the key is left behind for the garbage collector.
/// </summary>
internal static class KeyFileFormat
{
    public const string Prefix = "sealserve-key-v1:";

    /// <summary>The file <c>keys generate</c> writes: a warning, the key id, and the key.</summary>
    public static byte[] Format(KeyEncryptionKey key)
    {
        var text = new StringBuilder()
            .Append("# SealServe key-encryption key (AES-256). Anyone holding this file can unseal the models sealed with it.\n")
            .Append("# key id: ").Append(key.Id).Append('\n')
            .Append(Prefix).Append(Convert.ToBase64String(key.Material)).Append('\n')
            .ToString();
        return Encoding.ASCII.GetBytes(text);
    }

    /// <summary>Reads the key out of <paramref name="utf8"/>; failures say what is wrong with the text, never what it holds.</summary>
    public static KeyEncryptionKey Parse(ReadOnlySpan<byte> utf8, string source)
    {
        ReadOnlySpan<byte> keyLine = default;
        var lines = 0;
        foreach (var range in utf8.Split((byte)'\n'))
        {
            var line = utf8[range].Trim(" \t\r"u8);
            if (line.IsEmpty || line[0] == (byte)'#')
            {
                continue;
            }

            keyLine = line;
            lines++;
        }

        if (lines != 1)
        {
            throw ServingException.FailedPrecondition($"{source}: expected one key line ({Prefix}<base64>, base64 or hex), found {lines}");
        }

        Span<byte> key = stackalloc byte[KeyEncryptionKey.Size + 3];
        try
        {
            var length = Decode(keyLine, key);
            if (length != KeyEncryptionKey.Size)
            {
                throw ServingException.FailedPrecondition($"{source}: the key line is not a {KeyEncryptionKey.Size}-byte key in base64 or hex");
            }

            return KeyEncryptionKey.FromBytes(key[..length]);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Decodes the key line into <paramref name="key"/>; returns the byte count, or -1 when it is neither base64 nor hex.</summary>
    private static int Decode(ReadOnlySpan<byte> line, Span<byte> key)
    {
        if (line.StartsWith("sealserve-key-v1:"u8))
        {
            line = line[Prefix.Length..];
        }
        else if (line.Length == 2 * KeyEncryptionKey.Size && IsHex(line))
        {
            for (var i = 0; i < KeyEncryptionKey.Size; i++)
            {
                key[i] = (byte)((HexValue(line[2 * i]) << 4) | HexValue(line[(2 * i) + 1]));
            }

            return KeyEncryptionKey.Size;
        }

        return Base64.GetMaxDecodedFromUtf8Length(line.Length) <= key.Length
            && Base64.DecodeFromUtf8(line, key, out var consumed, out var written) == System.Buffers.OperationStatus.Done
            && consumed == line.Length
            ? written
            : -1;
    }

    private static bool IsHex(ReadOnlySpan<byte> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiHexDigit((char)c))
            {
                return false;
            }
        }

        return true;
    }

    private static int HexValue(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
