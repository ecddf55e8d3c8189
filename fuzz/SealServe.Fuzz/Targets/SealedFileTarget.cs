using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Fuzz.Targets;

/// <summary>A sealed file: header (prefix, key envelope, binding), key lookup and unwrap, then every chunk, under a fixed key.</summary>
internal sealed class SealedFileTarget : IFuzzTarget
{
    private static readonly KeyEncryptionKey Key = KeyEncryptionKey.FromBytes(Enumerable.Range(1, KeyEncryptionKey.Size).Select(i => (byte)i).ToArray());
    private static readonly KeyRing Keys = new([Key]);

    public string Name => "sealed-file";

    public void Run(ReadOnlySpan<byte> input)
    {
        using var stream = new MemoryStream(input.ToArray(), writable: false);
        if (SealedFileHeader.Peek(stream) != SealedFileKind.Sealed)
        {
            return;
        }

        using var reader = SealedFileReader.Open(stream, "fuzz/1/model.onnx", Keys);
        reader.ReadAll();
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        foreach (var (name, length, chunk) in new[] { ("empty", 0, 16), ("one-chunk", 40, 64), ("three-chunks", 100, 40) })
        {
            using var output = new MemoryStream();
            SealedFileWriter.Write(new MemoryStream(new byte[length]), length, output, Key, new SealParameters("fuzz/1/model.onnx", DateTimeOffset.FromUnixTimeSeconds(4_000_000_000), chunk));
            yield return (name, output.ToArray());
        }
    }
}
