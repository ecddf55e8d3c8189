using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SealServe.Core.Errors;

namespace SealServe.Cli.Commands.Serve;

/// <summary>
/// <c>tensorflow_model_server</c> flags that SealServe does not implement. They are accepted, hidden from
/// <c>serve --help</c>, so TF Serving command lines that leave them at what SealServe does keep working; any
/// other value stops start-up with the reason, never a warning and carry on.
/// </summary>
internal static class UnsupportedFlags
{
    private static readonly UnsupportedFlag[] Flags =
    [
        Bool("--enable_per_model_batching_parameters", false, "per-model batching_params.pbtxt files are not read; use --batching_parameters_file"),
        Bool("--use_alts_credentials", false, "gRPC ALTS credentials are not supported"),
        Text("--platform_config_file", "PlatformConfigMap files are not read; models run on ONNX Runtime (see the --engine_* flags)"),
        Text("--tensorflow_session_config_file", "TensorFlow session configs are not read; models run on ONNX Runtime (see the --engine_* flags)"),
        Text("--thread_pool_factory_config_file", "custom thread pools are not supported; use --tensorflow_intra_op_parallelism and --tensorflow_inter_op_parallelism"),
        Text("--mixed_precision", "mixed precision is not supported"),
        new(new Option<float>("--per_process_gpu_memory_fraction") { Hidden = true }, [0f], "SealServe runs models on the CPU"),
        Bool("--prefer_tflite_model", false, "TFLite models are not supported"),
        new(new Option<int>("--num_tflite_pools") { Hidden = true }, null, string.Empty),
        new(new Option<int>("--num_tflite_interpreters_per_pool") { Hidden = true }, null, string.Empty),
        Bool("--xla_cpu_compilation_enabled", false, "XLA is not supported; models run on ONNX Runtime"),
        Bool("--xla_gpu_compilation_enabled", false, "XLA is not supported; models run on ONNX Runtime"),

        // TF Serving's default is true; SealServe serves no profiler, so only false means what it says.
        Bool("--enable_profiler", false, "SealServe serves no tensorflow.ProfilerService"),

        // Any value means what it says: TFLite is refused above; SealServe keeps no file system caches, only the
        // signatures of a MetaGraphDef, and never initializes a TPU.
        Bool("--flush_filesystem_caches", null, string.Empty),
        Bool("--remove_unused_fields_from_bundle_metagraph", null, string.Empty),
        Bool("--skip_initialize_tpu", null, string.Empty),
    ];

    public static IEnumerable<Option> All => Flags.Select(f => f.Option);

    /// <summary>Throws INVALID_ARGUMENT naming every unsupported flag set to a value SealServe cannot honour, with the reason.</summary>
    public static void Check(ParseResult result)
    {
        var refused = Flags
            .Where(f => result.GetResult(f.Option) is { Implicit: false } given && !f.Accepts(given))
            .Select(f => $"{f.Option.Name}={Text(result.GetResult(f.Option)!)}: {f.Reason}{f.Hint}")
            .ToArray();
        if (refused.Length > 0)
        {
            throw ServingException.InvalidArgument($"Flag(s) not supported by SealServe: {string.Join("; ", refused)}");
        }
    }

    private static string Text(OptionResult given) => given.Tokens.Count == 0 ? "true" : given.Tokens[0].Value;

    private static UnsupportedFlag Text(string name, string reason) =>
        new(new Option<string>(name) { Hidden = true }, [string.Empty], reason);

    private static UnsupportedFlag Bool(string name, bool? accepted, string reason) =>
        new(TfServingFlags.Bool(name, accepted ?? false, string.Empty, hidden: true), accepted is { } value ? [value] : null, reason);

    /// <summary>A flag and the values that mean what SealServe does (<see langword="null"/>: any value).</summary>
    private sealed record UnsupportedFlag(Option Option, object[]? Accepted, string Reason)
    {
        public string Hint => Accepted switch
        {
            [string] => " (leave the flag out)",
            [bool only] => only ? " (leave the flag out or set it to true)" : " (leave the flag out or set it to false)",
            [var only] => string.Create(CultureInfo.InvariantCulture, $" (leave the flag out or set it to {only})"),
            _ => string.Empty,
        };

        public bool Accepts(OptionResult given) => Accepted is null || Accepted.Contains(given.GetValueOrDefault<object>());
    }
}
