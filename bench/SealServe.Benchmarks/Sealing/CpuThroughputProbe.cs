using System.Diagnostics;
using System.Security.Cryptography;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Benchmarks.Sealing;

/// <summary>
/// Unseal throughput per CPU-second rather than per wall-clock second: on a shared machine BenchmarkDotNet's
/// wall-clock means include time the benchmark waited for a core. Two numbers: decryption streamed into a
/// reused buffer (the cipher and the format), and <c>ReadAll</c> into a fresh array (the serving path, which
/// also pays the kernel for first-touching 256 MiB of new memory). Run with <c>-- --cpu-throughput</c>.
/// </summary>
public static class CpuThroughputProbe
{
    private const int Size = 256 << 20;
    private const int Rounds = 8;

    public static void Run(TextWriter output)
    {
        using var key = KeyEncryptionKey.Generate();
        var plaintext = RandomNumberGenerator.GetBytes(Size);
        using var sealedStream = new MemoryStream();
        SealedFileWriter.Write(new MemoryStream(plaintext), Size, sealedStream, key, new SealParameters("model/1/model.onnx"));
        var sealedBytes = sealedStream.ToArray();
        using var ring = new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]);
        var reused = new MemoryStream(new byte[Size]);
        Measure(output, "streamed into a reused buffer", () =>
        {
            reused.Position = 0;
            using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes, writable: false), "probe", ring);
            reader.CopyTo(reused);
        });
        Measure(output, "ReadAll into a fresh array", () =>
        {
            using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes, writable: false), "probe", ring);
            reader.ReadAll();
        });
    }

    private static void Measure(TextWriter output, string what, Action unseal)
    {
        unseal();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            unseal();
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var bytes = (double)Size * Rounds;
        output.WriteLine($"unseal {Rounds} x 256 MiB, {what}: {bytes / cpuSeconds / 1e9:0.00} GB per CPU-second, {bytes / wall.Elapsed.TotalSeconds / 1e9:0.00} GB/s wall-clock");
    }
}
