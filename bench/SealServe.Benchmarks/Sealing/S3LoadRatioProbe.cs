using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Models.Sources.S3;
using SealServe.Sealing;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Storage;
using SealServe.Sealing.Tools;
using SealServe.TestKit;

namespace SealServe.Benchmarks.Sealing;

/// <summary>
/// Sealed load from S3 (s3rver on loopback) vs sealed load from disk, the same sealed files through the server's loader;
/// loads alternate so the machine's load hits both alike; medians compared. Run with <c>-- --s3-load-ratio</c>.
/// </summary>
public static class S3LoadRatioProbe
{
    private const int Rounds = 15;

    public static void Run(TextWriter output) => RunAsync(output).GetAwaiter().GetResult();

    private static async Task RunAsync(TextWriter output)
    {
        using var key = KeyEncryptionKey.Generate();
        var root = Directory.CreateTempSubdirectory("sealserve-bench-");
        using var s3 = await S3Server.StartAsync();
        try
        {
            var model = BenchmarkCorpus.LargestOnnxModel();
            var folder = Path.Combine(root.FullName, "sealed", "1");
            Directory.CreateDirectory(folder);
            File.Copy(model, Path.Combine(folder, OnnxModelLoader.FileName));
            new ModelSealer(key).Seal(folder, null, null);
            await s3.UploadFolderAsync(Path.Combine(root.FullName, "sealed"), "bench/sealed");

            using var source = new S3ModelSource(NullLogger<S3ModelSource>.Instance, new S3Settings { Endpoint = s3.Endpoint, Region = S3Server.Region, Keys = new S3Keys(S3Server.AccessKey, S3Server.SecretKey, null) });
            var fromS3 = source.ListVersions($"s3://{S3Server.Bucket}/bench/sealed").Single();
            var fromDisk = new VersionDirectory(1, new FolderVersion(folder));
            var files = new SealedModelFiles(new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]), new SealingOptions(), new ProcessHardening(NullLogger<ProcessHardening>.Instance), TimeProvider.System, NullLogger<SealedModelFiles>.Instance);
            var loader = new OnnxModelLoader(new EngineOptions { IntraOpThreads = 1 }, ExecutionProviders.CpuOnly);
            void Load(VersionDirectory version)
            {
                using var servable = loader.Load(version, files.Open(version.Files), CancellationToken.None);
            }

            Load(fromDisk);
            Load(fromS3);
            var (disk, s3Loads) = (new List<double>(), new List<double>());
            for (var round = 0; round < Rounds; round++)
            {
                disk.Add(Time(() => Load(fromDisk)));
                s3Loads.Add(Time(() => Load(fromS3)));
            }

            var (diskMedian, s3Median) = (Medians.Of(disk), Medians.Of(s3Loads));
            output.WriteLine($"sealed load of {Path.GetFileName(Path.GetDirectoryName(model))} ({new FileInfo(model).Length / 1e6:0.0} MB), median of {Rounds}: "
                + $"disk {diskMedian:0.0} ms, S3 {s3Median:0.0} ms; S3 / disk = {s3Median / diskMedian:0.00}");
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    private static double Time(Action load)
    {
        var wall = Stopwatch.StartNew();
        load();
        return wall.Elapsed.TotalMilliseconds;
    }
}
