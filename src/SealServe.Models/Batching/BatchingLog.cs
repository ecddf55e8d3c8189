using Microsoft.Extensions.Logging;

namespace SealServe.Models.Batching;

/// <summary>Log messages of the batching layer (event ids 41xx of the Models block).</summary>
internal static partial class BatchingLog
{
    [LoggerMessage(4101, LogLevel.Information,
        "Batching enabled: max_batch_size={MaxBatchSize} batch_timeout_micros={BatchTimeoutMicros} max_enqueued_batches={MaxEnqueuedBatches} num_batch_threads={NumBatchThreads} allowed_batch_sizes=[{AllowedBatchSizes}] pad_variable_length_inputs={PadVariableLengthInputs}")]
    public static partial void Enabled(ILogger logger, long maxBatchSize, long batchTimeoutMicros, long maxEnqueuedBatches, int numBatchThreads, string allowedBatchSizes, bool padVariableLengthInputs);

    [LoggerMessage(4102, LogLevel.Warning, "Outputs of signature {SignatureKey} are not batch-major ({Error}); its requests now run unbatched")]
    public static partial void OutputsNotBatchMajor(ILogger logger, string signatureKey, string error);

    [LoggerMessage(4103, LogLevel.Debug, "Signature {SignatureKey} runs unbatched: an input or output has no free dimension 0")]
    public static partial void SignatureNotBatchable(ILogger logger, string signatureKey);

    [LoggerMessage(4105, LogLevel.Debug, "Ran a batch of {Rows} rows from {Requests} requests (padded to {PaddedRows}) for signature {SignatureKey}")]
    public static partial void BatchRan(ILogger logger, int rows, int requests, int paddedRows, string signatureKey);

    [LoggerMessage(4106, LogLevel.Information, "Batching probe for {ModelName} version {Version} signature {SignatureKey}: {Summary}; merges up to {MaxRows} rows (1: requests run alone)")]
    public static partial void MergeDecided(ILogger logger, string modelName, long version, string signatureKey, int maxRows, string summary);

    [LoggerMessage(4107, LogLevel.Warning, "Batching probe for {ModelName} version {Version} signature {SignatureKey} failed ({Error}); its requests merge as configured")]
    public static partial void MergeProbeFailed(ILogger logger, string modelName, long version, string signatureKey, string error);

    [LoggerMessage(4104, LogLevel.Error, "A batch thread failed unexpectedly")]
    public static partial void WorkerFailed(ILogger logger, Exception exception);
}
