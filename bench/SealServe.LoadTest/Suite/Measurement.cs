using SealServe.LoadTest.Load;

namespace SealServe.LoadTest.Suite;

/// <summary>One cell of one run: a model, a scenario, a concurrency and what the load saw.</summary>
/// <param name="BatchSize">Items per request (1 except in the engine batch sweep).</param>
internal sealed record Measurement(int Run, string Model, string Scenario, int Concurrency, int BatchSize, LoadResult Result)
{
    /// <summary>Items (input rows) per second.</summary>
    public double ItemsPerSecond => Result.Throughput * BatchSize;
}
