namespace SealServe.Models.Batching;

/// <summary>
/// When a batch runs and where a request goes, as TensorFlow Serving's shared batch scheduler decides:
/// pure functions over snapshots, so the queue (locks) and the scheduler (threads, time) only carry them out.
/// </summary>
/// <remarks>
/// A batch may run once it is closed (a request did not fit), full, or its first request has waited
/// <c>batch_timeout_micros</c>. With the default timeout of 0 every non-empty batch may run at once: batches
/// grow only while all batch threads are busy, which keeps latency at its unbatched level under light load.
/// </remarks>
internal static class BatchPolicy
{
    /// <summary>True when the batch may be handed to a batch thread now.</summary>
    public static bool IsSchedulable(BatchSnapshot batch, long now, BatchLimits limits) =>
        batch.Size > 0 && (batch.Closed || batch.Size >= limits.MaxRows || now - batch.OpenedAt >= limits.TimeoutTicks);

    /// <summary>The timestamp from which the batch may run (<see cref="long.MaxValue"/> for an empty one).</summary>
    public static long DueAt(BatchSnapshot batch, BatchLimits limits)
    {
        if (batch.Size == 0)
        {
            return long.MaxValue;
        }

        if (batch.Closed || batch.Size >= limits.MaxRows)
        {
            return batch.OpenedAt;
        }

        return batch.OpenedAt > long.MaxValue - limits.TimeoutTicks ? long.MaxValue : batch.OpenedAt + limits.TimeoutTicks;
    }

    /// <summary>
    /// The first batch (in queue order, oldest first) that may run now, or -1; and the earliest time one of
    /// the others may run, for the scheduler's timer.
    /// </summary>
    public static (int Index, long WakeAt) Next(ReadOnlySpan<BatchSnapshot> batches, long now, BatchLimits limits)
    {
        var wakeAt = long.MaxValue;
        for (var i = 0; i < batches.Length; i++)
        {
            if (IsSchedulable(batches[i], now, limits))
            {
                return (i, now);
            }

            wakeAt = Math.Min(wakeAt, DueAt(batches[i], limits));
        }

        return (-1, wakeAt);
    }

    /// <summary>
    /// Where a request of <paramref name="rows"/> goes, given the open batch of its shape (null when none) and
    /// how many batches the queue holds. TF Serving's rule: join if it fits, else close and start a new batch,
    /// unless the queue is at <c>max_enqueued_batches</c>.
    /// </summary>
    public static BatchPlacement Place(BatchSnapshot? open, int rows, long enqueuedBatches, BatchLimits limits)
    {
        if (open is { } batch && batch.Size + (long)rows <= limits.MaxRows)
        {
            return BatchPlacement.JoinOpen;
        }

        if (enqueuedBatches >= limits.MaxBatches)
        {
            return BatchPlacement.QueueFull;
        }

        return open is null ? BatchPlacement.OpenNew : BatchPlacement.CloseAndOpenNew;
    }

    /// <summary>
    /// The rows a batch of <paramref name="rows"/> is padded to: the smallest allowed size that holds it
    /// (TF Serving's <c>RoundToLowestAllowedBatchSize</c>), or <paramref name="rows"/> when none is configured.
    /// </summary>
    public static int PaddedSize(int rows, IReadOnlyList<long> allowedBatchSizes)
    {
        for (var i = 0; i < allowedBatchSizes.Count; i++)
        {
            if (allowedBatchSizes[i] >= rows)
            {
                return (int)allowedBatchSizes[i];
            }
        }

        return rows;
    }

    /// <summary>
    /// How a request of <paramref name="rows"/> (more than one run takes) is split: first the room left in the
    /// open batch of its shape, then pieces of <see cref="BatchLimits.MaxRows"/> (TF Serving's <c>InputSplitMetadata</c>).
    /// </summary>
    public static int[] SplitSizes(int rows, int openRoom, BatchLimits limits)
    {
        var first = Math.Clamp(openRoom, 0, Math.Min(rows, limits.MaxRows));
        var rest = rows - first;
        var pieces = new int[(first > 0 ? 1 : 0) + ((rest + limits.MaxRows - 1) / limits.MaxRows)];
        var index = 0;
        if (first > 0)
        {
            pieces[index++] = first;
        }

        for (; rest > 0; rest -= limits.MaxRows)
        {
            pieces[index++] = Math.Min(rest, limits.MaxRows);
        }

        return pieces;
    }

    /// <summary>How many new batches a split request needs (pieces after one that joins the open batch).</summary>
    public static int NewBatchesFor(int[] pieces, int openRoom) => openRoom > 0 ? pieces.Length - 1 : pieces.Length;
}
