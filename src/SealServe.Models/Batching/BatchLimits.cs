namespace SealServe.Models.Batching;

/// <summary>The numbers the flush policy needs, derived once per queue from <see cref="BatchingOptions"/>.</summary>
/// <param name="MaxRows">Rows one engine run takes (<see cref="BatchingOptions.ExecutionBatchSizeLimit"/>).</param>
/// <param name="MaxInputRows">Rows one request may have (<see cref="BatchingOptions.MaxBatchSize"/>).</param>
/// <param name="TimeoutTicks"><c>batch_timeout_micros</c> in timestamp ticks.</param>
/// <param name="MaxBatches"><c>max_enqueued_batches</c>.</param>
internal readonly record struct BatchLimits(int MaxRows, int MaxInputRows, long TimeoutTicks, long MaxBatches)
{
    public static BatchLimits From(BatchingOptions options, long timestampFrequency) => new(
        (int)options.ExecutionBatchSizeLimit,
        (int)options.MaxBatchSize,
        options.BatchTimeoutMicros >= long.MaxValue / timestampFrequency ? long.MaxValue : options.BatchTimeoutMicros * timestampFrequency / 1_000_000,
        options.MaxEnqueuedBatches);
}
