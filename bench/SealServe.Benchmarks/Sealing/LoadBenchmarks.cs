using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;
using SealServe.Sealing.Storage;

namespace SealServe.Benchmarks.Sealing;

/// <summary>
/// Load time of the largest corpus ONNX model (file → ONNX Runtime session), plain vs sealed, through the
/// loader the server uses. Target: sealed ≤ 1.1 × plain (docs/benchmarks.md).
/// </summary>
[MedianColumn]
public class LoadBenchmarks
{
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private readonly EngineOptions engine = new() { IntraOpThreads = 1 };
    private DirectoryInfo root = null!;
    private VersionDirectory plain = null!;
    private VersionDirectory sealedVersion = null!;
    private OnnxModelLoader plainLoader = null!;
    private OnnxModelLoader sealedLoader = null!;
    private IModelFiles plainFiles = null!;
    private IModelFiles sealedFiles = null!;

    [GlobalSetup]
    public void Setup()
    {
        var model = File.ReadAllBytes(BenchmarkCorpus.LargestOnnxModel());
        root = Directory.CreateTempSubdirectory("sealserve-bench-");
        plain = Version("plain", model);
        sealedVersion = Version("sealed", model);
        new ModelSealer(key).Seal(sealedVersion.Path, null, null);
        plainLoader = new OnnxModelLoader(engine, ExecutionProviders.CpuOnly);
        plainFiles = new PlainModelFiles();
        sealedFiles = new SealedModelFiles(
            new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]),
            new SealingOptions(),
            new ProcessHardening(NullLogger<ProcessHardening>.Instance),
            TimeProvider.System,
            NullLogger<SealedModelFiles>.Instance);
        sealedLoader = new OnnxModelLoader(engine, ExecutionProviders.CpuOnly);
    }

    [Benchmark(Baseline = true, Description = "load plain")]
    public void LoadPlain()
    {
        using var servable = plainLoader.Load(plain, plainFiles.Open(plain.Files), CancellationToken.None);
    }

    [Benchmark(Description = "load sealed")]
    public void LoadSealed()
    {
        using var servable = sealedLoader.Load(sealedVersion, sealedFiles.Open(sealedVersion.Files), CancellationToken.None);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        key.Dispose();
        root.Delete(recursive: true);
    }

    private VersionDirectory Version(string model, byte[] bytes)
    {
        var directory = Path.Combine(root.FullName, model, "1");
        Directory.CreateDirectory(directory);
        File.WriteAllBytes(Path.Combine(directory, OnnxModelLoader.FileName), bytes);
        return new VersionDirectory(1, new FolderVersion(directory));
    }
}
