using SealServe.Core.Errors;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class BatchingOptionsTests
{
    [Fact]
    public void Defaults_TfServingBatchingParameters()
    {
        var options = new BatchingOptions();

        Assert.Equal((1000L, 0L, 10L, Environment.ProcessorCount), (options.MaxBatchSize, options.BatchTimeoutMicros, options.MaxEnqueuedBatches, options.NumBatchThreads));
        Assert.Equal("batch_threads", options.ThreadPoolName);
        Assert.Empty(options.AllowedBatchSizes);
        Assert.False(options.PadVariableLengthInputs);
        Assert.False(options.EnableLargeBatchSplitting);
        Assert.Equal(1000, options.ExecutionBatchSizeLimit);
        options.Validate();
    }

    [Fact]
    public void Validate_LastAllowedSizeNotMaxBatchSize_TfServingText()
    {
        var options = new BatchingOptions { MaxBatchSize = 128, AllowedBatchSizes = [32, 64] };

        var error = Assert.Throws<ServingException>(options.Validate);

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Contains("Last entry in allowed_batch_sizes must match max_batch_size; last entry was 64; expected 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WithSplitting_LastAllowedSizeMustBeExecutionSize()
    {
        var options = new BatchingOptions { MaxBatchSize = 128, EnableLargeBatchSplitting = true, MaxExecutionBatchSize = 32, AllowedBatchSizes = [16, 32] };

        options.Validate();
        var error = Assert.Throws<ServingException>((options with { AllowedBatchSizes = [16, 128] }).Validate);

        Assert.Contains("Last entry in allowed_batch_sizes must be equal to max_execution_batch_size; last entry was 128; expected 32", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SeveralProblems_AllInOneMessage()
    {
        var options = new BatchingOptions { MaxBatchSize = 0, BatchTimeoutMicros = -1, MaxEnqueuedBatches = 0, NumBatchThreads = 0, AllowedBatchSizes = [4, 2, 0] };

        var error = Assert.Throws<ServingException>(options.Validate);

        Assert.Contains("max_batch_size must be positive; was 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("batch_timeout_micros must be non-negative; was -1", error.Message, StringComparison.Ordinal);
        Assert.Contains("max_enqueued_batches must be positive; was 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("num_batch_threads must be positive; was 0", error.Message, StringComparison.Ordinal);
        Assert.Contains("monotonically increasing", error.Message, StringComparison.Ordinal);
    }
}
