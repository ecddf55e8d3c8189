using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tests;

/// <summary>Seals and unseals byte arrays in memory for the tests, with small chunks so a few bytes make many chunks.</summary>
internal static class TestSealing
{
    public const int ChunkSize = 64;

    public const string BoundPath = "model/1/model.onnx";

    public static byte[] Bytes(int length, int seed = 1)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static byte[] Seal(byte[] plaintext, KeyEncryptionKey key, string boundPath = BoundPath, int chunkSize = ChunkSize, DateTimeOffset? notAfter = null)
    {
        using var output = new MemoryStream();
        SealedFileWriter.Write(new MemoryStream(plaintext), plaintext.Length, output, key, new SealParameters(boundPath, notAfter, chunkSize));
        return output.ToArray();
    }

    public static byte[] Unseal(byte[] sealedBytes, params KeyEncryptionKey[] keys) => Unseal(new MemoryStream(sealedBytes), keys);

    public static byte[] Unseal(Stream input, params KeyEncryptionKey[] keys)
    {
        using var reader = SealedFileReader.Open(input, "sealed.bin", new KeyRing(keys));
        return reader.ReadAll();
    }

    public static int HeaderSize(byte[] sealedBytes) => SealedFileHeader.Read(new MemoryStream(sealedBytes), "sealed.bin").EncodedSize;
}
