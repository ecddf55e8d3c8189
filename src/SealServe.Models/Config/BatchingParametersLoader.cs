using SealServe.Core.Errors;
using SealServe.Models.Batching;
using ProtoBatchingParameters = Tensorflow.Serving.BatchingParameters;

namespace SealServe.Models.Config;

/// <summary>
/// Reads a <c>--batching_parameters_file</c> (text-format <c>tensorflow.serving.BatchingParameters</c>,
/// wrapper fields written <c>max_batch_size { value: 128 }</c>) into <see cref="BatchingOptions"/>: fields
/// left out keep TF Serving's defaults (1000, 0, 10, the number of cores, <c>batch_threads</c>, ...), and the
/// result is validated with TF Serving's texts (<c>Last entry in allowed_batch_sizes must match max_batch_size; ...</c>).
/// </summary>
public static class BatchingParametersLoader
{
    /// <summary>Reads and validates the file at <paramref name="path"/>.</summary>
    /// <exception cref="ServingException">NOT_FOUND for a missing file; INVALID_ARGUMENT for a syntax error or invalid values.</exception>
    public static BatchingOptions Load(string path) => Parse(ConfigFile.ReadText(path), path);

    /// <summary>Parses and validates parameters text (<paramref name="path"/>, if given, names it in syntax errors).</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT for a syntax error or invalid values.</exception>
    public static BatchingOptions Parse(string text, string? path = null)
    {
        var proto = ConfigFile.Parse<ProtoBatchingParameters>(text, path);
        if (proto.NumBatchThreads is > int.MaxValue)
        {
            throw ServingException.InvalidArgument($"num_batch_threads must be at most {int.MaxValue}; was {proto.NumBatchThreads}");
        }

        var options = FromProto(proto);
        options.Validate();
        return options;
    }

    internal static BatchingOptions FromProto(ProtoBatchingParameters proto)
    {
        var defaults = new BatchingOptions();
        return new BatchingOptions
        {
            MaxBatchSize = proto.MaxBatchSize ?? defaults.MaxBatchSize,
            BatchTimeoutMicros = proto.BatchTimeoutMicros ?? defaults.BatchTimeoutMicros,
            MaxEnqueuedBatches = proto.MaxEnqueuedBatches ?? defaults.MaxEnqueuedBatches,
            NumBatchThreads = proto.NumBatchThreads is { } threads ? (int)Math.Clamp(threads, int.MinValue, int.MaxValue) : defaults.NumBatchThreads,
            ThreadPoolName = proto.ThreadPoolName ?? defaults.ThreadPoolName,
            EnableLargeBatchSplitting = proto.EnableLargeBatchSplitting ?? defaults.EnableLargeBatchSplitting,
            MaxExecutionBatchSize = proto.MaxExecutionBatchSize,
            AllowedBatchSizes = proto.AllowedBatchSizes.ToArray(),
            PadVariableLengthInputs = proto.PadVariableLengthInputs,
        };
    }
}
