using Microsoft.Extensions.Logging;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// Runs the batches one <see cref="BatchQueue"/> hands out, on the calling batch thread without the scheduler's
/// lock: a single request alone, several merged into one engine run whose outputs are split back per request.
/// </summary>
internal sealed class BatchRunner(IServable servable, BatchQueue queue, BatchingOptions options, ILogger logger)
{
    /// <summary>Runs a batch taken by <see cref="BatchQueue.TryTake"/> and completes its requests.</summary>
    public void Run(Batch batch)
    {
        var tasks = batch.Tasks;
        var paddedRows = BatchPolicy.PaddedSize(batch.Size, options.AllowedBatchSizes);
        BatchingLog.BatchRan(logger, batch.Size, tasks.Count, paddedRows, queue.Signature.Key);
        if (tasks.Count == 1 && paddedRows == batch.Size)
        {
            RunAlone(tasks[0]);
            return;
        }

        Tensor[] merged;
        try
        {
            merged = BatchMerger.Merge(tasks, paddedRows);
        }
        catch (Exception e)
        {
            FailAll(tasks, e, release: true);
            return;
        }

        try
        {
            foreach (var task in tasks)
            {
                task.ReleaseInputs();
            }

            RunMerged(tasks, merged, paddedRows);
        }
        finally
        {
            BatchTask.Dispose(merged);
        }
    }

    private void RunAlone(BatchTask task)
    {
        Tensor[] outputs;
        try
        {
            outputs = RunEngine(task.Inputs, task.CancellationToken);
        }
        catch (Exception e)
        {
            task.ReleaseInputs();
            if (e is OperationCanceledException && task.CancellationToken.IsCancellationRequested)
            {
                task.Cancel();
            }
            else
            {
                task.Fail(e);
            }

            return;
        }

        task.ReleaseInputs();
        task.Complete(outputs);
    }

    private void RunMerged(List<BatchTask> tasks, Tensor[] merged, int paddedRows)
    {
        if (AllCancelled(tasks))
        {
            return;
        }

        Tensor[] outputs;
        try
        {
            outputs = RunEngine(merged, CancellationToken.None);
        }
        catch (Exception e)
        {
            FailAll(tasks, e, release: false);
            return;
        }

        if (!BatchSplitter.TrySplit(outputs, tasks, paddedRows, out var parts, out var notBatchMajor))
        {
            BatchTask.Dispose(outputs);
            queue.MarkOutputsNotBatchMajor();
            BatchingLog.OutputsNotBatchMajor(logger, queue.Signature.Key, notBatchMajor);
            RunEach(tasks, merged);
            return;
        }

        for (var t = 0; t < tasks.Count; t++)
        {
            tasks[t].Complete(parts[t]);
        }
    }

    /// <summary>Runs each request of a batch alone from its rows of the merged inputs (outputs were not batch-major).</summary>
    private void RunEach(List<BatchTask> tasks, Tensor[] merged)
    {
        long row = 0;
        foreach (var task in tasks)
        {
            var inputs = new Tensor[merged.Length];
            for (var i = 0; i < merged.Length; i++)
            {
                inputs[i] = TensorConcat.SliceRows(merged[i], row, task.Rows);
            }

            row += task.Rows;
            try
            {
                task.Complete(RunEngine(inputs, task.CancellationToken));
            }
            catch (OperationCanceledException) when (task.CancellationToken.IsCancellationRequested)
            {
                task.Cancel();
            }
            catch (Exception e)
            {
                task.Fail(e);
            }
        }
    }

    private Tensor[] RunEngine(Tensor[] inputs, CancellationToken cancellationToken)
    {
        var run = servable.RunAsync(queue.Signature, queue.InputNames, inputs, queue.OutputNames, cancellationToken);
        return run.IsCompletedSuccessfully ? run.Result : run.AsTask().GetAwaiter().GetResult();
    }

    private static bool AllCancelled(List<BatchTask> tasks)
    {
        foreach (var task in tasks)
        {
            if (!task.CancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    private static void FailAll(List<BatchTask> tasks, Exception error, bool release)
    {
        foreach (var task in tasks)
        {
            if (release)
            {
                task.ReleaseInputs();
            }

            task.Fail(error);
        }
    }
}
