using System.CommandLine;
using System.CommandLine.Parsing;

namespace SealServe.Cli.Commands.Serve;

/// <summary>
/// <c>tensorflow_model_server</c>'s flags, with its names, defaults and meanings, so scripts written for
/// TF Serving run unchanged. Both <c>--flag=value</c> and <c>--flag value</c> are accepted; booleans take
/// <c>--flag</c>, <c>--flag=true|false</c> or <c>=1|0</c>.
/// </summary>
internal static class TfServingFlags
{
    public static readonly Option<int> Port = Int("--port", 8500, "gRPC port (TCP). 0: no gRPC over TCP (then --grpc_socket_path is needed).");
    public static readonly Option<string> GrpcSocketPath = Text("--grpc_socket_path", string.Empty, "Also serve gRPC on this UNIX socket.");
    public static readonly Option<string> BindAddress = Text("--bind_address", "0.0.0.0", "Address the gRPC and REST ports listen on (e.g. 127.0.0.1 to keep them on loopback). SealServe's addition.");
    public static readonly Option<int> RestApiPort = Int("--rest_api_port", 8501, "REST (HTTP/JSON) port. 0 disables REST. Defaults to 8501 (TF Serving: 0) so REST works out of the box.");
    public static readonly Option<bool> RestApiEnableCorsSupport = Bool("--rest_api_enable_cors_support", false, "Add CORS headers (Access-Control-Allow-Origin: *) to REST responses.");
    public static readonly Option<int> RestApiNumThreads = Int("--rest_api_num_threads", 4 * Environment.ProcessorCount, "Most REST requests processed at once; more wait their turn.");
    public static readonly Option<int> RestApiTimeoutInMs = Int("--rest_api_timeout_in_ms", 30_000, "Timeout of a REST call in ms (answered with 504). <= 0: no timeout.");
    public static readonly Option<long> RestApiMaxRequestBytes = Long("--rest_api_max_request_bytes", 256L << 20, "Largest REST request body in bytes (answered with 413). SealServe's addition.");
    public static readonly Option<long> RestApiMaxInflightBytes = Long("--rest_api_max_inflight_bytes", new Server.ServerOptions().RestApiMaxInflightBytes, "Most bytes all REST request bodies in flight may hold together (answered with 429 beyond). Defaults to an eighth of memory. SealServe's addition.");
    public static readonly Option<long> MaxTensorExpansionBytes = Long("--max_tensor_expansion_bytes", 64L << 20, "Most bytes a request input may take when it carries fewer values than elements (repeated last value or zeros); a request also expands to at most 1024 times its size. SealServe's addition.");
    public static readonly Option<string> ModelName = Text("--model_name", "default", "Name of the model served from --model_base_path. Unset: $MODEL_NAME if set (as TF Serving's image).");
    public static readonly Option<string> ModelBasePath = Text("--model_base_path", string.Empty, "Folder holding the model's numbered version folders (base_path/<version>/model.onnx), or s3://bucket/prefix. Relative paths are resolved against the current folder. Unset: $MODEL_BASE_PATH/<model name> if MODEL_BASE_PATH is set (as TF Serving's image).");
    public static readonly Option<string> ModelConfigFile = Text("--model_config_file", string.Empty, "Text-format ModelServerConfig listing the models to serve; when set, --model_name and --model_base_path are ignored.");
    public static readonly Option<int> ModelConfigFilePollWaitSeconds = Int("--model_config_file_poll_wait_seconds", 0, "Seconds between re-reads of --model_config_file (0: read once).");
    public static readonly Option<bool> AllowVersionLabelsForUnavailableModels = Bool("--allow_version_labels_for_unavailable_models", false, "Allow a new version label to point at a version that is not available yet.");
    public static readonly Option<int> FileSystemPollWaitSeconds = Int("--file_system_poll_wait_seconds", 1, "Seconds between scans of the base path for new or removed versions. 0: scan once at start; negative: never.");
    public static readonly Option<long> TensorflowSessionParallelism = Long("--tensorflow_session_parallelism", 0, "Sets both intra- and inter-op threads of the engine (0: automatic).");
    public static readonly Option<long> TensorflowIntraOpParallelism = Long("--tensorflow_intra_op_parallelism", 0, "Engine threads inside one operator (0: one per core).");
    public static readonly Option<long> TensorflowInterOpParallelism = Long("--tensorflow_inter_op_parallelism", 0, "Engine threads running independent operators at once (0: sequential execution).");
    public static readonly Option<int> GrpcMaxThreads = Int("--grpc_max_threads", 4 * Environment.ProcessorCount, "Most gRPC calls processed at once; more wait their turn.");
    public static readonly Option<bool> EnableModelWarmup = Bool("--enable_model_warmup", true, "Replay <version>/assets.extra/tf_serving_warmup_requests before a version becomes available.");
    public static readonly Option<int> NumRequestIterationsForWarmup = Int("--num_request_iterations_for_warmup", 0, "Times each warmup record is replayed (0: once).");
    public static readonly Option<int> NumLoadThreads = Int("--num_load_threads", 0, "Versions loaded in parallel after start-up (0: one at a time).");
    public static readonly Option<int> NumUnloadThreads = Int("--num_unload_threads", 0, "Versions released in parallel (0: one at a time).");
    public static readonly Option<int> MaxNumLoadRetries = Int("--max_num_load_retries", 5, "Retries after a load failed on I/O (0: try once); other failures cannot heal and fail at once.");
    public static readonly Option<int> ModelLoadTimeoutS = Int("--model_load_timeout_s", 600, "Seconds one version's load may take before it fails (a read that never finishes is abandoned). 0: no limit. SealServe's addition.");
    public static readonly Option<long> LoadRetryIntervalMicros = Long("--load_retry_interval_micros", 60_000_000, "Wait between load retries in microseconds (negative: no wait).");
    public static readonly Option<string> SavedModelTags = Text("--saved_model_tags", "serve", "Comma-separated tags choosing the SavedModel MetaGraphDef (the one whose tag set equals them).");
    public static readonly Option<string> MonitoringConfigFile = Text("--monitoring_config_file", string.Empty, "Text-format MonitoringConfig: prometheus_config { enable: true path: \"/monitoring/prometheus/metrics\" } serves metrics on the REST port.");
    public static readonly Option<string> GrpcChannelArguments = Text("--grpc_channel_arguments", string.Empty, "gRPC server arguments key=value,... Supported: grpc.max_concurrent_streams, grpc.max_receive_message_length, grpc.max_send_message_length, grpc.keepalive_time_ms, grpc.keepalive_timeout_ms, grpc.max_connection_idle_ms.");
    public static readonly Option<string> LogFormat = Text("--log_format", "text", "Log lines as text or json (one object per line: time, level, category, event id, message, fields). SealServe's addition.");
    public static readonly Option<bool> LogRequests = Bool("--log_requests", false, "Log every request at Information: method, path, status, duration. SealServe's addition.");
    public static readonly Option<bool> EnableGrpcHealthcheckService = Bool("--enable_grpc_healthcheck_service", false, "Serve grpc.health.v1.Health on the gRPC port: SERVING once every configured model has an AVAILABLE version, NOT_SERVING while draining.");
    public static readonly Option<bool> EnableSignatureMethodNameCheck = Bool("--enable_signature_method_name_check", false, "Classify, Regress and Predict check the signature's method_name (otherwise only its inputs and outputs).");
    public static readonly Option<bool> EnableSerializationAsTensorContent = Bool("--enable_serialization_as_tensor_content", false, "gRPC predict outputs use tensor_content instead of typed fields.");

    public static IEnumerable<Option> All =>
    [
        Port, GrpcSocketPath, BindAddress, RestApiPort, RestApiEnableCorsSupport, RestApiNumThreads, RestApiTimeoutInMs, RestApiMaxRequestBytes, RestApiMaxInflightBytes, MaxTensorExpansionBytes, ModelName, ModelBasePath,
        ModelConfigFile, ModelConfigFilePollWaitSeconds, AllowVersionLabelsForUnavailableModels,
        FileSystemPollWaitSeconds, TensorflowSessionParallelism, TensorflowIntraOpParallelism, TensorflowInterOpParallelism,
        GrpcMaxThreads, EnableSignatureMethodNameCheck, EnableSerializationAsTensorContent, EnableModelWarmup, NumRequestIterationsForWarmup,
        NumLoadThreads, NumUnloadThreads, MaxNumLoadRetries, ModelLoadTimeoutS, LoadRetryIntervalMicros, SavedModelTags, MonitoringConfigFile, EnableGrpcHealthcheckService, GrpcChannelArguments, LogFormat, LogRequests,
    ];

    private static Option<int> Int(string name, int value, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    private static Option<long> Long(string name, long value, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    internal static Option<string> Text(string name, string value, string description) =>
        new(name) { Description = description, DefaultValueFactory = _ => value };

    /// <summary>A boolean as TF Serving parses it: bare flag = true; true/false (any case) or 1/0.</summary>
    /// <remarks>The help shows no default for booleans by itself, so the description carries it (<paramref name="defaultText"/> when it depends on other flags).</remarks>
    internal static Option<bool> Bool(string name, bool value, string description, string? defaultText = null, bool hidden = false) => new(name)
    {
        Description = $"{description} [default: {defaultText ?? (value ? "true" : "false")}]",
        Hidden = hidden,
        Arity = ArgumentArity.ZeroOrOne,
        DefaultValueFactory = _ => value,
        CustomParser = ParseBool,
    };

    private static bool ParseBool(ArgumentResult result)
    {
        if (result.Tokens.Count == 0)
        {
            return true;
        }

        var text = result.Tokens[0].Value;
        if (text is "1" || text.Equals("true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (text is "0" || text.Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        result.AddError($"Invalid value '{text}' for {((OptionResult)result.Parent!).Option.Name}: expected true, false, 1 or 0.");
        return false;
    }
}
