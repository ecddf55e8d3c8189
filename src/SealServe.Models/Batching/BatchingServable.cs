using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

using SealServe.Models.Diagnostics;

namespace SealServe.Models.Batching;

/// <summary>
/// Wraps a loaded servable so concurrent runs of the same signature and outputs are merged along dimension 0
/// into one engine run (TF Serving's <c>BatchingSession</c>). Runs that cannot be merged (no inputs, a scalar
/// input, inputs with different dimension 0, a signature without a free batch dimension) go straight to the
/// wrapped servable, as they would without batching; so do the runs of a signature the merge probe found not to
/// gain from merging (<see cref="MergeProbe"/>). Disposing it disposes the wrapped servable.
/// </summary>
internal sealed class BatchingServable(IServable inner, BatchScheduler scheduler) : IServable, IMeasuredOnLoad
{
    /// <summary>Queues per servable; beyond this (a client cycling through output filters) runs are not batched.</summary>
    private const int MaxQueues = 64;

    private readonly Lock queuesLock = new();
    private BatchQueue[] queues = [];
    private Dictionary<string, MergeDecision> decisions = [];
    private (string Model, long Version)? measured;

    public IReadOnlyDictionary<string, Signature> Signatures => inner.Signatures;

    /// <summary>The servable doing the work (for tests and diagnostics).</summary>
    public IServable Inner => inner;

    /// <summary>The merge probe's decisions by signature key (empty when it is off or found nothing to measure).</summary>
    public IReadOnlyDictionary<string, MergeDecision> Decisions => Volatile.Read(ref decisions);

    /// <summary>Probes every signature (<c>--batching_merge_probe</c>), before warmup and before the version serves.</summary>
    public void MeasureOnLoad(string modelName, long version, CancellationToken cancellationToken)
    {
        if (!scheduler.Options.MergeProbe)
        {
            return;
        }

        var found = new Dictionary<string, MergeDecision>(StringComparer.Ordinal);
        foreach (var signature in inner.Signatures.Values)
        {
            MergeDecision? decision;
            try
            {
                decision = MergeProbe.Decide(inner, signature, scheduler.Options, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // An engine that refuses the probe's zeros may still serve real requests: they merge as configured.
                BatchingLog.MergeProbeFailed(scheduler.Logger, modelName, version, signature.Key, e.Message);
                continue;
            }

            if (decision is not null)
            {
                found[signature.Key] = decision;
                BatchingLog.MergeDecided(scheduler.Logger, modelName, version, signature.Key, decision.MaxRows, decision.Summary);
            }
        }

        Use(found);
        measured = (modelName, version);
        scheduler.Metrics?.SetMergeDecisions(modelName, version, found.Select(d => (d.Key, d.Value.MaxRows)));
    }

    /// <summary>Applies merge decisions; before the version serves, so queues are created with their caps.</summary>
    internal void Use(Dictionary<string, MergeDecision> found) => Volatile.Write(ref decisions, found);

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        if (!TryGetRows(inputs, out var rows))
        {
            return inner.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken);
        }

        var decision = Decisions.GetValueOrDefault(signature.Key);
        if (decision is { RunsAlone: true })
        {
            // The probe found no gain in merging: the request runs now, on its own thread, beside any others.
            CheckRows(rows);
            return inner.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken);
        }

        if (GetQueue(signature, inputNames, outputNames, decision) is not { IsBatchable: true } queue)
        {
            return inner.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken);
        }

        CheckRows(rows);
        return new ValueTask<Tensor[]>(WaitForBatchAsync(queue, inputs, rows, cancellationToken));
    }

    /// <summary><c>max_batch_size</c> bounds a request's rows whether it is merged or not.</summary>
    private void CheckRows(int rows)
    {
        if (rows > scheduler.Limits.MaxInputRows)
        {
            throw ServingException.InvalidArgument($"Task size {rows} is larger than maximum input batch size {scheduler.Limits.MaxInputRows}");
        }
    }

    public ExampleParseFront? FindExampleParse(Signature signature, string inputName) => inner.FindExampleParse(signature, inputName);

    private async Task<Tensor[]> WaitForBatchAsync(BatchQueue queue, Tensor[] inputs, int rows, CancellationToken cancellationToken)
    {
        // The span covers the queue and the batch's run; batch.run spans link back to it.
        using var span = ModelsTracing.Source.StartActivity("batch.queue");
        return await scheduler.SubmitAsync(queue, inputs, rows, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        BatchQueue[] held;
        lock (queuesLock)
        {
            held = queues;
            queues = [];
        }

        foreach (var queue in held)
        {
            scheduler.Remove(queue);
        }

        if (measured is var (model, version))
        {
            scheduler.Metrics?.RemoveMergeDecisions(model, version);
        }

        inner.Dispose();
    }

    /// <summary>Rows of a batchable request: every input has rank ≥ 1 and the same positive dimension 0.</summary>
    private static bool TryGetRows(Tensor[] inputs, out int rows)
    {
        rows = 0;
        if (inputs.Length == 0)
        {
            return false;
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (inputs[i].Shape.Rank == 0 || (i > 0 && inputs[i].Shape[0] != inputs[0].Shape[0]))
            {
                return false;
            }
        }

        var first = inputs[0].Shape[0];
        if (first <= 0 || first > int.MaxValue)
        {
            return false;
        }

        rows = (int)first;
        return true;
    }

    private BatchQueue? GetQueue(Signature signature, string[] inputNames, string[] outputNames, MergeDecision? decision)
    {
        var current = Volatile.Read(ref queues);
        foreach (var queue in current)
        {
            if (queue.Matches(signature, inputNames, outputNames))
            {
                return queue;
            }
        }

        lock (queuesLock)
        {
            foreach (var queue in queues)
            {
                if (queue.Matches(signature, inputNames, outputNames))
                {
                    return queue;
                }
            }

            if (queues.Length >= MaxQueues)
            {
                return null;
            }

            // A probe that found a gain only up to some size caps the rows merged; larger requests still run, alone.
            var limits = decision is null ? scheduler.Limits : scheduler.Limits with { MaxRows = Math.Min(scheduler.Limits.MaxRows, decision.MaxRows) };
            var created = new BatchQueue(inner, signature, [.. inputNames], [.. outputNames], scheduler.Options, limits, scheduler.Logger);
            if (!created.IsBatchable)
            {
                BatchingLog.SignatureNotBatchable(scheduler.Logger, signature.Key);
            }

            scheduler.Add(created);
            Volatile.Write(ref queues, [.. queues, created]);
            return created;
        }
    }
}
