using System.CommandLine;
using SealServe.Core.Errors;
using SealServe.Models.Batching;
using SealServe.Models.Config;

namespace SealServe.Cli.Commands.Serve;

/// <summary>TF Serving's batching flags, <c>--enable_batching</c> and <c>--batching_parameters_file</c>, and SealServe's <c>--batching_merge_probe</c>.</summary>
internal static class BatchingFlags
{
    public static readonly Option<bool> EnableBatching = TfServingFlags.Bool(
        "--enable_batching", false, "Merge concurrent requests for the same model version and signature into one engine run (TF Serving's batching).");

    public static readonly Option<string> BatchingParametersFile = TfServingFlags.Text(
        "--batching_parameters_file", string.Empty, "Text-format BatchingParameters (max_batch_size { value: 128 } ...); needs --enable_batching. Without it TF Serving's defaults apply.");

    public static readonly Option<bool> MergeProbe = TfServingFlags.Bool(
        "--batching_merge_probe", true, "At load, measure each model's engine throughput at batch 1 and at the batch sizes allowed, and merge only up to the largest size that gains 1.2× or more; a model that gains nothing (convolutional models on a CPU) runs its requests alone. false: always merge, as TF Serving does. Needs --enable_batching.");

    public static IEnumerable<Option> All => [EnableBatching, BatchingParametersFile, MergeProbe];

    /// <summary>The batching options asked for, or <see langword="null"/> when batching is off; TF Serving's error for a file without the flag.</summary>
    public static BatchingOptions? Read(ParseResult result)
    {
        var enabled = result.GetValue(EnableBatching);
        var file = result.GetValue(BatchingParametersFile) ?? string.Empty;
        if (file.Length > 0 && !enabled)
        {
            throw ServingException.InvalidArgument("server_options.batching_parameters_file is set without setting server_options.enable_batching to true.");
        }

        var probeSet = result.GetResult(MergeProbe) is { Implicit: false };
        if (probeSet && !enabled)
        {
            throw ServingException.InvalidArgument("--batching_merge_probe is set without --enable_batching: it decides how batching merges requests.");
        }

        if (!enabled)
        {
            return null;
        }

        var options = file.Length > 0
            ? BatchingParametersLoader.Load(file)
            : new BatchingOptions { ThreadPoolName = BatchingOptions.ModelServerThreadPoolName };
        return options with { MergeProbe = result.GetValue(MergeProbe) };
    }
}
