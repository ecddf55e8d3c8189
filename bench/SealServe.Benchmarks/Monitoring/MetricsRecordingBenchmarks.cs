using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using SealServe.Core.Errors;
using SealServe.Server.Diagnostics;
using SealServe.Server.Monitoring;

namespace SealServe.Benchmarks.Monitoring;

/// <summary>
/// What metrics add to one request: the calls a REST or gRPC Predict makes (request count, latency, bytes, runtime),
/// with the Prometheus collector listening (metrics on) and without (off). Divided by a request's server CPU time
/// (docs/benchmarks.md), this is the hot-path cost, free of the machine's noise that swamps a throughput ratio.
/// </summary>
[MemoryDiagnoser]
public class MetricsRecordingBenchmarks
{
    private ServiceProvider services = null!;
    private ServingMetrics metrics = null!;

    [Params(false, true)]
    public bool Collecting { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var collection = new ServiceCollection().AddMetrics().AddSingleton<ServingMetrics>();
        if (Collecting)
        {
            collection.AddSingleton<MetricsCollector>();
        }

        services = collection.BuildServiceProvider();
        metrics = services.GetRequiredService<ServingMetrics>();
        services.GetService<MetricsCollector>();
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    [Benchmark]
    public void PredictRequest()
    {
        var started = Stopwatch.GetTimestamp();
        metrics.RecordRuntime("half_plus_two", "Predict", started);
        metrics.RecordRequest("half_plus_two", "predict", ServingMetrics.Rest, StatusCode.Ok, started, 30, 40);
    }
}
