using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Benchmarks.Sealing;

/// <summary>
/// Decryption throughput on one core: unsealing 256 MiB into one exact-size array (the serving path),
/// against bare AES-256-GCM over the same chunks (what the format costs on top), and sealing for reference.
/// Throughput = 256 MiB / mean; docs/benchmarks.md records it.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class DecryptBenchmarks
{
    private const int Size = 256 << 20;

    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private byte[] plaintext = [];
    private byte[] sealedBytes = [];
    private byte[] scratch = [];
    private KeyRing ring = KeyRing.Empty;
    private MemoryStream reused = new();

    [GlobalSetup]
    public void Setup()
    {
        plaintext = RandomNumberGenerator.GetBytes(Size);
        using var output = new MemoryStream();
        SealedFileWriter.Write(new MemoryStream(plaintext), Size, output, key, new SealParameters("model/1/model.onnx"));
        sealedBytes = output.ToArray();
        scratch = new byte[SealedFormat.DefaultChunkSize];
        ring = new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]);
        reused = new MemoryStream(new byte[Size]);
    }

    [Benchmark(Baseline = true, Description = "unseal 256 MiB into one array")]
    public int Unseal()
    {
        using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes, writable: false), "bench", ring);
        return reader.ReadAll().Length;
    }

    [Benchmark(Description = "unseal 256 MiB streamed into a reused buffer")]
    public long UnsealStreamed()
    {
        reused.Position = 0;
        using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes, writable: false), "bench", ring);
        reader.CopyTo(reused);
        return reused.Position;
    }

    [Benchmark(Description = "bare AES-256-GCM, 1 MiB chunks")]
    public int BareAesGcm()
    {
        // Encrypt-then-decrypt in place per chunk would double the work; decrypting a chunk whose tag fails
        // would throw. So: the cost of one Encrypt per chunk, the same AES-GCM work as one Decrypt.
        using var aes = new AesGcm(key.Material, SealedFormat.TagSize);
        Span<byte> nonce = stackalloc byte[SealedFormat.NonceSize];
        Span<byte> tag = stackalloc byte[SealedFormat.TagSize];
        for (var offset = 0; offset < Size; offset += scratch.Length)
        {
            aes.Encrypt(nonce, plaintext.AsSpan(offset, scratch.Length), scratch, tag);
        }

        return scratch[0];
    }

    [Benchmark(Description = "seal 256 MiB")]
    public long Seal()
    {
        using var output = new MemoryStream(sealedBytes.Length);
        SealedFileWriter.Write(new MemoryStream(plaintext, writable: false), Size, output, key, new SealParameters("model/1/model.onnx"));
        return output.Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        ring.Dispose();
        key.Dispose();
    }
}
