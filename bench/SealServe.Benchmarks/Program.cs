using BenchmarkDotNet.Running;
using SealServe.Benchmarks;
using SealServe.Benchmarks.Codecs;
using SealServe.Benchmarks.HostOps;
using SealServe.Benchmarks.Sealing;
using SealServe.Benchmarks.TensorFlow;

// `dotnet run -c Release --project bench/SealServe.Benchmarks -- --filter '*Sealing*' --inProcess` (bench/README.md).
// Probes for a shared machine, where wall-clock benchmark means include waiting for a core (docs/benchmarks.md).
if (args is ["--cpu-throughput"])
{
    CpuThroughputProbe.Run(Console.Out);
    return;
}

if (args is ["--load-ratio"])
{
    LoadRatioProbe.Run(Console.Out);
    return;
}

if (args is ["--s3-load-ratio"])
{
    S3LoadRatioProbe.Run(Console.Out);
    return;
}

if (args is ["--host-ops"])
{
    HostOpProbe.Run(Console.Out);
    return;
}

if (args is ["--host-stages"])
{
    HostStageProbe.Run(Console.Out);
    return;
}

if (args is ["--examples-codec"])
{
    ExamplesCodecProbe.Run(Console.Out);
    return;
}

if (args is ["--tf-import"])
{
    TfImportProbe.Run(Console.Out);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BenchmarkCorpus).Assembly).Run(args);
