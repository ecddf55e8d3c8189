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
/// wrapped servable, as they would without batching. Disposing it disposes the wrapped servable.
/// </summary>
internal sealed class BatchingServable(IServable inner, BatchScheduler scheduler) : IServable
{
    /// <summary>Queues per servable; beyond this (a client cycling through output filters) runs are not batched.</summary>
    private const int MaxQueues = 64;

    private readonly Lock queuesLock = new();
    private BatchQueue[] queues = [];

    public IReadOnlyDictionary<string, Signature> Signatures => inner.Signatures;

    /// <summary>The servable doing the work (for tests and diagnostics).</summary>
    public IServable Inner => inner;

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        if (!TryGetRows(inputs, out var rows) || GetQueue(signature, inputNames, outputNames) is not { IsBatchable: true } queue)
        {
            return inner.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken);
        }

        if (rows > scheduler.Limits.MaxInputRows)
        {
            throw ServingException.InvalidArgument($"Task size {rows} is larger than maximum input batch size {scheduler.Limits.MaxInputRows}");
        }

        return new ValueTask<Tensor[]>(WaitForBatchAsync(queue, inputs, rows, cancellationToken));
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

    private BatchQueue? GetQueue(Signature signature, string[] inputNames, string[] outputNames)
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

            var created = new BatchQueue(inner, signature, [.. inputNames], [.. outputNames], scheduler.Options, scheduler.Limits, scheduler.Logger);
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
