namespace SealServe.LoadTest.Load;

/// <summary>What one fixed-concurrency, fixed-duration measurement saw: throughput and latency percentiles (µs).</summary>
internal sealed record LoadResult(int Concurrency, double Seconds, long Requests, long Errors, double P50Micros, double P90Micros, double P99Micros, double MaxMicros)
{
    /// <summary>Completed requests per second within the measured window.</summary>
    public double Throughput => Requests / Seconds;

    /// <summary>CPU seconds the server process used during the window (NaN when not sampled, e.g. the in-process engine).</summary>
    public double ServerCpuSeconds { get; init; } = double.NaN;

    /// <summary>Server CPU time per completed request, in microseconds.</summary>
    public double ServerCpuMicrosPerRequest => ServerCpuSeconds * 1e6 / Requests;

    /// <summary>Merges interleaved slices of one scenario: their latencies, requests, seconds and CPU add up.</summary>
    public static LoadResult FromSlices(int concurrency, IReadOnlyList<LoadSlice> slices)
    {
        var ticks = new long[slices.Sum(s => s.Ticks.Length)];
        var offset = 0;
        foreach (var slice in slices)
        {
            slice.Ticks.CopyTo(ticks, offset);
            offset += slice.Ticks.Length;
        }

        return FromSamples(concurrency, slices.Sum(s => s.Seconds), ticks, slices.Sum(s => s.Errors)) with { ServerCpuSeconds = slices.Sum(s => s.ServerCpuSeconds) };
    }

    /// <summary>Builds the percentiles from every recorded latency (Stopwatch ticks); sorts <paramref name="ticks"/> in place.</summary>
    public static LoadResult FromSamples(int concurrency, double seconds, long[] ticks, long errors)
    {
        Array.Sort(ticks);
        return new LoadResult(
            concurrency,
            seconds,
            ticks.Length,
            errors,
            Percentile(ticks, 0.50),
            Percentile(ticks, 0.90),
            Percentile(ticks, 0.99),
            ticks.Length == 0 ? double.NaN : ToMicros(ticks[^1]));
    }

    /// <summary>Nearest-rank percentile of sorted samples, in microseconds.</summary>
    public static double Percentile(long[] sorted, double quantile)
    {
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(quantile * sorted.Length);
        return ToMicros(sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)]);
    }

    private static double ToMicros(long ticks) => ticks * 1_000_000.0 / System.Diagnostics.Stopwatch.Frequency;
}
