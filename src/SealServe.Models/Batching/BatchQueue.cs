using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// The requests waiting for one servable version, signature and output selection (TF Serving keeps one
/// queue per <c>TensorSignature</c>), in batches of one shape each, oldest first. Its state is guarded by
/// the <see cref="BatchScheduler"/>'s lock; batches it hands out run on a batch thread through <see cref="Runner"/>.
/// </summary>
internal sealed class BatchQueue
{
    private readonly List<Batch> batches = [];
    private readonly BatchingOptions options;
    private readonly bool declaresBatchDimension;
    private BatchSnapshot[] snapshots = new BatchSnapshot[4];
    private volatile bool outputsNotBatchMajor;

    public BatchQueue(IServable servable, Signature signature, string[] inputNames, string[] outputNames, BatchingOptions options, BatchLimits limits, ILogger logger)
    {
        this.options = options;
        Signature = signature;
        InputNames = inputNames;
        OutputNames = outputNames;
        Limits = limits;
        declaresBatchDimension = DeclaresBatchDimension(signature, outputNames);
        Runner = new BatchRunner(servable, this, options, logger);
    }

    /// <summary>Runs the batches this queue hands out.</summary>
    public BatchRunner Runner { get; }

    public Signature Signature { get; }

    public string[] InputNames { get; }

    public string[] OutputNames { get; }

    public BatchLimits Limits { get; }

    /// <summary>
    /// False when the signature declares an input or output without a free dimension 0 (a scalar, a fixed batch
    /// size), or when a batched run returned outputs that are not batch-major: requests then run unbatched.
    /// </summary>
    public bool IsBatchable => declaresBatchDimension && !outputsNotBatchMajor;

    /// <summary>A batched run returned outputs that are not batch-major: later requests run unbatched.</summary>
    public void MarkOutputsNotBatchMajor() => outputsNotBatchMajor = true;

    /// <summary>Batches held (open or waiting for a thread), for <c>max_enqueued_batches</c>.</summary>
    public int Count => batches.Count;

    public bool Matches(Signature signature, string[] inputNames, string[] outputNames) =>
        ReferenceEquals(signature, Signature) && inputNames.AsSpan().SequenceEqual(InputNames) && outputNames.AsSpan().SequenceEqual(OutputNames);

    /// <summary>
    /// Places a request (scheduler lock held); throws RESOURCE_EXHAUSTED when the queue is full. True when a batch
    /// may run now (the request's own, or the one it closed), i.e. when a batch thread has work.
    /// </summary>
    public bool Enqueue(BatchTask task, long now)
    {
        task.EnqueuedAt = now;
        var open = FindOpen(task.Inputs);
        switch (BatchPolicy.Place(open?.Snapshot, task.Rows, batches.Count, Limits))
        {
            case BatchPlacement.JoinOpen:
                open!.Add(task);
                return BatchPolicy.IsSchedulable(open.Snapshot, now, Limits);
            case BatchPlacement.QueueFull:
                throw QueueFull();
            case BatchPlacement.CloseAndOpenNew:
                open!.Closed = true;
                break;
        }

        var batch = new Batch(now);
        batch.Add(task);
        batches.Add(batch);
        return open is not null || BatchPolicy.IsSchedulable(batch.Snapshot, now, Limits);
    }

    /// <summary>True when some batch may run now (scheduler lock held).</summary>
    public bool HasSchedulable(long now)
    {
        foreach (var batch in batches)
        {
            if (BatchPolicy.IsSchedulable(batch.Snapshot, now, Limits))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Rows the open batch of this shape can still take (scheduler lock held).</summary>
    public int OpenRoom(Tensor[] inputs) => FindOpen(inputs) is { } open ? Limits.MaxRows - open.Size : 0;

    /// <summary>Places every piece of a split request or none (scheduler lock held).</summary>
    public void EnqueueAll(BatchTask[] pieces, long now)
    {
        for (var i = 0; i < pieces.Length; i++)
        {
            try
            {
                Enqueue(pieces[i], now);
            }
            catch (ServingException)
            {
                for (var j = 0; j < i; j++)
                {
                    Remove(pieces[j]);
                }

                throw;
            }
        }
    }

    /// <summary>Takes a request out of its batch, e.g. when its caller gives up (scheduler lock held).</summary>
    public void Remove(BatchTask task)
    {
        if (task.Batch is not { } batch)
        {
            return;
        }

        batch.Remove(task);
        if (batch.Size == 0)
        {
            batches.Remove(batch);
        }
    }

    /// <summary>
    /// Hands out the oldest batch <see cref="BatchPolicy.Next"/> lets run now (scheduler lock held), marking its
    /// requests taken; otherwise lowers <paramref name="wakeAt"/> to when one may run.
    /// </summary>
    public Batch? TryTake(long now, ref long wakeAt)
    {
        if (snapshots.Length < batches.Count)
        {
            snapshots = new BatchSnapshot[Math.Max(batches.Count, snapshots.Length * 2)];
        }

        for (var i = 0; i < batches.Count; i++)
        {
            snapshots[i] = batches[i].Snapshot;
        }

        var (index, dueAt) = BatchPolicy.Next(snapshots.AsSpan(0, batches.Count), now, Limits);
        if (index < 0)
        {
            wakeAt = Math.Min(wakeAt, dueAt);
            return null;
        }

        var batch = batches[index];
        batches.RemoveAt(index);
        foreach (var task in batch.Tasks)
        {
            task.Batch = null;
            task.MarkTaken();
        }

        return batch;
    }

    /// <summary>Every request still queued, removed (scheduler lock held): the servable is going away.</summary>
    public List<BatchTask> Drain()
    {
        var tasks = new List<BatchTask>();
        foreach (var batch in batches)
        {
            tasks.AddRange(batch.Tasks);
        }

        batches.Clear();
        return tasks;
    }

    private Batch? FindOpen(Tensor[] inputs)
    {
        for (var i = batches.Count - 1; i >= 0; i--)
        {
            var batch = batches[i];
            if (!batch.Closed && batch.Tasks.Count > 0 && SameShape(batch.Tasks[0].Inputs, inputs))
            {
                return batch;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether two requests can share a batch: same ranks and types, and equal dimensions after the first unless
    /// <c>pad_variable_length_inputs</c> is on. (TF Serving fails the whole batch instead; we give such requests
    /// batches of their own.)
    /// </summary>
    private bool SameShape(Tensor[] a, Tensor[] b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].DataType != b[i].DataType || a[i].Shape.Rank != b[i].Shape.Rank)
            {
                return false;
            }

            if (!options.PadVariableLengthInputs && !TensorConcat.SameInnerDims(a[i].Shape, b[i].Shape))
            {
                return false;
            }
        }

        return true;
    }

    private ServingException QueueFull() => new(
        StatusCode.ResourceExhausted,

        // TF Serving answers UNAVAILABLE with the first sentence; RESOURCE_EXHAUSTED (HTTP 429) tells clients to back off.
        $"The batch scheduling queue to which this task was submitted is full: {batches.Count} batches are waiting " +
        $"(max_enqueued_batches={options.MaxEnqueuedBatches}) for signature '{Signature.Key}'. Retry later or raise max_enqueued_batches.");

    /// <summary>Every input, and every output asked for, has a free dimension 0 (or an unknown rank).</summary>
    internal static bool DeclaresBatchDimension(Signature signature, string[] outputNames)
    {
        foreach (var spec in signature.Inputs.Values)
        {
            if (!HasFreeBatchDimension(spec))
            {
                return false;
            }
        }

        foreach (var spec in signature.Outputs.Values)
        {
            if (Array.IndexOf(outputNames, spec.Name) >= 0 && !HasFreeBatchDimension(spec))
            {
                return false;
            }
        }

        return true;
    }

    private static bool HasFreeBatchDimension(TensorSpec spec) =>
        spec.Shape is not { UnknownRank: false } shape || (shape.Dims.Count > 0 && shape.Dims[0].Size < 0);
}
