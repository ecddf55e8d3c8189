using SealServe.LoadTest.Models;

namespace SealServe.LoadTest.Suite;

/// <summary>What a suite run measures and for how long.</summary>
internal sealed record SuiteSettings(
    IReadOnlyList<BenchModel> Models,
    int Runs,
    TimeSpan Warmup,
    TimeSpan Duration,
    TimeSpan Slice,
    TimeSpan ServerWarmup,
    int[] Concurrency,
    int[] SweepBatchSizes,
    IReadOnlySet<string> Scenarios,
    bool Batching,
    string BatchingParametersFile,
    string CliDll,
    IReadOnlyList<string> ServerFlags,
    string OutputPath,
    string CommandLine);
