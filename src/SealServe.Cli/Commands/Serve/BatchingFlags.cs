using System.CommandLine;
using SealServe.Core.Errors;
using SealServe.Models.Batching;
using SealServe.Models.Config;

namespace SealServe.Cli.Commands.Serve;

/// <summary>TF Serving's batching flags: <c>--enable_batching</c> and <c>--batching_parameters_file</c>.</summary>
internal static class BatchingFlags
{
    public static readonly Option<bool> EnableBatching = TfServingFlags.Bool(
        "--enable_batching", false, "Merge concurrent requests for the same model version and signature into one engine run (TF Serving's batching).");

    public static readonly Option<string> BatchingParametersFile = TfServingFlags.Text(
        "--batching_parameters_file", string.Empty, "Text-format BatchingParameters (max_batch_size { value: 128 } ...); needs --enable_batching. Without it TF Serving's defaults apply.");

    public static IEnumerable<Option> All => [EnableBatching, BatchingParametersFile];

    /// <summary>The batching options asked for, or <see langword="null"/> when batching is off; TF Serving's error for a file without the flag.</summary>
    public static BatchingOptions? Read(ParseResult result)
    {
        var enabled = result.GetValue(EnableBatching);
        var file = result.GetValue(BatchingParametersFile) ?? string.Empty;
        if (file.Length > 0 && !enabled)
        {
            throw ServingException.InvalidArgument("server_options.batching_parameters_file is set without setting server_options.enable_batching to true.");
        }

        if (!enabled)
        {
            return null;
        }

        return file.Length > 0
            ? BatchingParametersLoader.Load(file)
            : new BatchingOptions { ThreadPoolName = BatchingOptions.ModelServerThreadPoolName };
    }
}
