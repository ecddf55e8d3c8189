using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Config;

public sealed class BatchingParametersLoaderTests
{
    [Fact]
    public void Load_CorpusBatchingConfig_FourValuesAndDefaults()
    {
        var options = BatchingParametersLoader.Load(Corpus.Require("tfserving/batching_config.txt"));

        Assert.Equal(128, options.MaxBatchSize);
        Assert.Equal(0, options.BatchTimeoutMicros);
        Assert.Equal(1000000, options.MaxEnqueuedBatches);
        Assert.Equal(8, options.NumBatchThreads);
        Assert.Equal("batch_threads", options.ThreadPoolName);
        Assert.False(options.EnableLargeBatchSplitting);
        Assert.Null(options.MaxExecutionBatchSize);
        Assert.Empty(options.AllowedBatchSizes);
        Assert.False(options.PadVariableLengthInputs);
    }

    [Fact]
    public void Parse_Empty_TfServingDefaults()
    {
        var options = BatchingParametersLoader.Parse("");

        Assert.Equal(1000, options.MaxBatchSize);
        Assert.Equal(0, options.BatchTimeoutMicros);
        Assert.Equal(10, options.MaxEnqueuedBatches);
        Assert.Equal(Environment.ProcessorCount, options.NumBatchThreads);
        Assert.Equal("batch_threads", options.ThreadPoolName);
    }

    [Fact]
    public void Parse_EveryField_Mapped()
    {
        var options = BatchingParametersLoader.Parse("""
            max_batch_size { value: 64 }
            batch_timeout_micros { value: 500 }
            max_enqueued_batches { value: 3 }
            num_batch_threads { value: 2 }
            thread_pool_name { value: "pool" }
            enable_large_batch_splitting { value: true }
            max_execution_batch_size { value: 16 }
            allowed_batch_sizes: [4, 8, 16]
            pad_variable_length_inputs: true
            """);

        Assert.Equal((64L, 500L, 3L, 2, "pool"), (options.MaxBatchSize, options.BatchTimeoutMicros, options.MaxEnqueuedBatches, options.NumBatchThreads, options.ThreadPoolName));
        Assert.True(options.EnableLargeBatchSplitting);
        Assert.Equal(16, options.MaxExecutionBatchSize);
        Assert.Equal([4L, 8L, 16L], options.AllowedBatchSizes);
        Assert.True(options.PadVariableLengthInputs);
    }

    [Fact]
    public void Parse_LastAllowedSizeNotMax_TfServingText()
    {
        var error = Assert.Throws<ServingException>(() =>
            BatchingParametersLoader.Parse("max_batch_size { value: 128 } allowed_batch_sizes: 32 allowed_batch_sizes: 64"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Contains("Last entry in allowed_batch_sizes must match max_batch_size; last entry was 64; expected 128", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScalarInsteadOfWrapper_SyntaxErrorNamesFile()
    {
        var error = Assert.Throws<ServingException>(() => BatchingParametersLoader.Parse("max_batch_size: 128", "/etc/batching.txt"));

        Assert.Equal(
            "Invalid protobuf file: '/etc/batching.txt': Error parsing text-format tensorflow.serving.BatchingParameters: 1:17: Expected \"{\", found \"128\".",
            error.Message);
    }

    [Fact]
    public void Parse_TooManyThreads_Error()
    {
        var error = Assert.Throws<ServingException>(() => BatchingParametersLoader.Parse("num_batch_threads { value: 3000000000 }"));

        Assert.Equal("num_batch_threads must be at most 2147483647; was 3000000000", error.Message);
    }
}
