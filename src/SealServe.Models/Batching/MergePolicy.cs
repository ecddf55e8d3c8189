namespace SealServe.Models.Batching;

/// <summary>
/// Whether merging pays for a model, from what the load-time probe measured (<see cref="MergeProbe"/>): pure
/// functions over the timings, so the probe (engine runs, CPU clock) only carries them out.
/// </summary>
/// <remarks>
/// Merging costs something (waiting for a batch, copying inputs together and outputs apart, one batch thread per
/// run): it pays only where the engine does an item for less CPU in one run of many rows than in many runs of
/// one, as GEMM-bound models do (a wide MLP: 4–6 × at 8 rows on the 2-core machine) and convolutional models on a
/// CPU do not (squeezenet1_1: 1.03–1.05 × in items/s, 0.8–0.95 × in CPU per item). A model that does not gain runs its requests alone, concurrently, as
/// without batching.
/// </remarks>
internal static class MergePolicy
{
    /// <summary>Items per second over batch 1 a size must reach to be worth merging for.</summary>
    public const double MinGain = 1.2;

    /// <summary>The largest batch the probe runs: enough to see a gain, short enough for a load (16 squeezenet rows: ≈ 0.1 s).</summary>
    public const int MaxProbeRows = 16;

    /// <summary>
    /// The batch sizes to measure, 1 first: the allowed batch sizes up to <see cref="MaxProbeRows"/> (the smallest
    /// one when all are larger), else powers of two up to the smaller of <paramref name="maxRows"/> and
    /// <see cref="MaxProbeRows"/>, and that bound itself. Only 1 when runs take one row anyway.
    /// </summary>
    public static int[] ProbeSizes(int maxRows, IReadOnlyList<long> allowedBatchSizes)
    {
        var sizes = new List<int> { 1 };
        if (allowedBatchSizes.Count > 0)
        {
            foreach (var size in allowedBatchSizes)
            {
                if (size > 1 && (size <= MaxProbeRows || sizes.Count == 1) && size <= maxRows)
                {
                    sizes.Add((int)size);
                }
            }

            return [.. sizes];
        }

        var top = Math.Min(maxRows, MaxProbeRows);
        for (var size = 2; size < top; size *= 2)
        {
            sizes.Add(size);
        }

        if (top > 1)
        {
            sizes.Add(top);
        }

        return [.. sizes];
    }

    /// <summary>
    /// Items per CPU second at each size over batch 1, from the cheapest run at each size: other work on the machine
    /// only ever adds to a run's cost, so the cheapest of a few is the engine's own. (Wall time and a median of
    /// per-round ratios let a loaded machine decide: at load average 16–25, two squeezenet1_1 probes in five found
    /// 1.2–1.5 × at 2 or 4 rows, the time its runs of one row spent waiting for descheduled operator threads.)
    /// </summary>
    /// <param name="sizes">The sizes measured, <c>sizes[0] == 1</c>.</param>
    /// <param name="seconds">Per round, the CPU seconds of the run at each size.</param>
    public static double[] Gains(IReadOnlyList<int> sizes, IReadOnlyList<double[]> seconds)
    {
        var fastest = new double[sizes.Count];
        for (var i = 0; i < sizes.Count; i++)
        {
            fastest[i] = seconds.Min(round => round[i]);
        }

        return [.. sizes.Select((size, i) => size * fastest[0] / fastest[i])];
    }

    /// <summary>
    /// The most rows one run may merge: the largest size measured whose gain reaches <see cref="MinGain"/>, or
    /// <paramref name="maxRows"/> when that is the largest size measured (the engine still gains there); 1 when no
    /// size gains: requests then run alone.
    /// </summary>
    public static int MaxMergeRows(IReadOnlyList<int> sizes, IReadOnlyList<double> gains, int maxRows)
    {
        var cap = 1;
        for (var i = 1; i < sizes.Count; i++)
        {
            if (gains[i] >= MinGain)
            {
                cap = sizes[i];
            }
        }

        return cap > 1 && cap == sizes[^1] ? maxRows : cap;
    }
}
