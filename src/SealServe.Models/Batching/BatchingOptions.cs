using SealServe.Core.Errors;

namespace SealServe.Models.Batching;

/// <summary>
/// TensorFlow Serving's <c>BatchingParameters</c> (<c>--batching_parameters_file</c>), with its field names,
/// meanings and defaults. Batching is on when <see cref="ModelServingOptions.Batching"/> is set
/// (<c>--enable_batching</c>).
/// </summary>
public sealed record BatchingOptions
{
    /// <summary>TF Serving's thread pool name when <c>--enable_batching</c> is given without a parameters file.</summary>
    public const string ModelServerThreadPoolName = "model_server_batch_threads";

    /// <summary>
    /// <c>max_batch_size</c>: the most rows (dimension 0) one engine run takes; a request with more rows is
    /// rejected (INVALID_ARGUMENT), or split when <see cref="EnableLargeBatchSplitting"/> is on. Defaults to 1000.
    /// </summary>
    public long MaxBatchSize { get; init; } = 1000;

    /// <summary>
    /// <c>batch_timeout_micros</c>: the longest a batch waits for more rows once its first request arrived.
    /// Defaults to 0: a batch runs as soon as a batch thread is free, so batches form only while every
    /// thread is busy.
    /// </summary>
    public long BatchTimeoutMicros { get; init; }

    /// <summary>
    /// <c>max_enqueued_batches</c>: batches (open or waiting for a thread) one queue holds; a request that
    /// needs one more is refused with RESOURCE_EXHAUSTED, so memory stays bounded. Defaults to 10.
    /// </summary>
    public long MaxEnqueuedBatches { get; init; } = 10;

    /// <summary><c>num_batch_threads</c>: threads running batches, shared by every model. Defaults to the number of cores.</summary>
    public int NumBatchThreads { get; init; } = Environment.ProcessorCount;

    /// <summary><c>thread_pool_name</c>: names the batch threads (in debuggers and dumps). Defaults to <c>batch_threads</c>.</summary>
    public string ThreadPoolName { get; init; } = "batch_threads";

    /// <summary>
    /// <c>allowed_batch_sizes</c>: when not empty, a batch is padded up to the next size in this increasing list
    /// (by repeating a real row), so the engine sees only these sizes. The last entry must equal
    /// <see cref="MaxBatchSize"/> (or <see cref="MaxExecutionBatchSize"/> with splitting). Defaults to empty.
    /// </summary>
    public IReadOnlyList<long> AllowedBatchSizes { get; init; } = [];

    /// <summary>
    /// <c>pad_variable_length_inputs</c>: requests whose inputs differ in dimensions after the first are padded
    /// to the largest of the batch, with each tensor's first element (as TF Serving does), and merged. Off by default:
    /// such requests then form batches of their own.
    /// </summary>
    public bool PadVariableLengthInputs { get; init; }

    /// <summary>
    /// <c>enable_large_batch_splitting</c>: a request larger than <see cref="MaxExecutionBatchSize"/> (but not than
    /// <see cref="MaxBatchSize"/>) is split over several runs and its outputs joined. Defaults to false.
    /// </summary>
    public bool EnableLargeBatchSplitting { get; init; }

    /// <summary><c>max_execution_batch_size</c>: rows per run when splitting is on. Defaults to <see cref="MaxBatchSize"/>.</summary>
    public long? MaxExecutionBatchSize { get; init; }

    /// <summary>
    /// SealServe's own, not a <c>BatchingParameters</c> field (<c>--batching_merge_probe</c>): at load, measure each
    /// signature's engine throughput at batch 1 and at the sizes batches may take, and merge only up to the largest
    /// size that gains (<see cref="MergePolicy"/>); a model that gains nothing runs its requests alone. Defaults to true;
    /// false merges every batchable signature up to <see cref="MaxBatchSize"/>, as TF Serving does.
    /// </summary>
    public bool MergeProbe { get; init; } = true;

    /// <summary>Rows one engine run takes: <see cref="MaxExecutionBatchSize"/> with splitting, else <see cref="MaxBatchSize"/>.</summary>
    public long ExecutionBatchSizeLimit => EnableLargeBatchSplitting ? MaxExecutionBatchSize ?? MaxBatchSize : MaxBatchSize;

    /// <summary>Throws INVALID_ARGUMENT listing every problem (TF Serving's texts where it has one).</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxBatchSize <= 0)
        {
            errors.Add($"max_batch_size must be positive; was {MaxBatchSize}");
        }

        if (BatchTimeoutMicros < 0)
        {
            errors.Add($"batch_timeout_micros must be non-negative; was {BatchTimeoutMicros}");
        }

        if (MaxEnqueuedBatches <= 0)
        {
            errors.Add($"max_enqueued_batches must be positive; was {MaxEnqueuedBatches}");
        }

        if (NumBatchThreads <= 0)
        {
            errors.Add($"num_batch_threads must be positive; was {NumBatchThreads}");
        }

        if (MaxBatchSize > int.MaxValue)
        {
            errors.Add($"max_batch_size must be at most {int.MaxValue}; was {MaxBatchSize}");
        }

        if (EnableLargeBatchSplitting && (ExecutionBatchSizeLimit <= 0 || ExecutionBatchSizeLimit > MaxBatchSize))
        {
            errors.Add($"When enable_large_batch_splitting is true, max_batch_size ({MaxBatchSize}) must be greater than or equal to max_execution_batch_size ({ExecutionBatchSizeLimit}), which must be positive.");
        }

        ValidateAllowedBatchSizes(errors);
        if (errors.Count > 0)
        {
            throw ServingException.InvalidArgument("Invalid batching parameters: " + string.Join("; ", errors));
        }
    }

    private void ValidateAllowedBatchSizes(List<string> errors)
    {
        if (AllowedBatchSizes.Count == 0)
        {
            return;
        }

        for (var i = 0; i < AllowedBatchSizes.Count; i++)
        {
            if (AllowedBatchSizes[i] <= 0 || (i > 0 && AllowedBatchSizes[i] <= AllowedBatchSizes[i - 1]))
            {
                errors.Add("allowed_batch_sizes entries must be positive and monotonically increasing");
                break;
            }
        }

        var last = AllowedBatchSizes[^1];
        if (EnableLargeBatchSplitting && last != ExecutionBatchSizeLimit)
        {
            errors.Add($"Last entry in allowed_batch_sizes must be equal to max_execution_batch_size; last entry was {last}; expected {ExecutionBatchSizeLimit}");
        }
        else if (!EnableLargeBatchSplitting && last != MaxBatchSize)
        {
            errors.Add($"Last entry in allowed_batch_sizes must match max_batch_size; last entry was {last}; expected {MaxBatchSize}");
        }
    }
}
