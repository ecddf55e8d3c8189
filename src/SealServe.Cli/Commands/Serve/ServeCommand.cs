using System.CommandLine;
using System.Net;
using SealServe.Core.Errors;
using SealServe.Models;
using SealServe.Models.Config;
using SealServe.Sealing;
using SealServe.Sealing.Hardening;
using SealServe.Server;
using SealServe.Server.Grpc;
using SealServe.Server.Hosting;

namespace SealServe.Cli.Commands.Serve;

/// <summary><c>sealserve serve</c>: runs the model server with TensorFlow Serving's flags.</summary>
internal sealed class ServeCommand : Command
{
    /// <summary>Exit status of a failed start, as <c>tensorflow_model_server</c> (-1).</summary>
    public const int StartFailureExitCode = 255;

    private readonly TextWriter error;

    public ServeCommand(TextWriter error)
        : base("serve", "Serve models over TensorFlow Serving's REST and gRPC APIs (takes tensorflow_model_server's flags).")
    {
        this.error = error;
        foreach (var option in TfServingFlags.All.Concat(BatchingFlags.All).Concat(EngineFlags.All).Concat(SealingFlags.All).Concat(SecurityFlags.All).Concat(UnsupportedFlags.All))
        {
            Options.Add(option);
        }

        // Unknown flags are refused by Parse, with TF Serving's start-up failure and a suggestion.
        TreatUnmatchedTokensAsErrors = false;
        SetAction((result, _) => RunAsync(() => Parse(result)));
    }

    /// <summary>
    /// Rewrites TF Serving's <c>--flag=1</c> and <c>--flag=0</c> of this command's boolean flags as <c>=true</c> and
    /// <c>=false</c>: the parser takes only those words after a boolean flag and would leave the digit unmatched.
    /// </summary>
    public string[] SpellBooleans(IEnumerable<string> arguments)
    {
        var booleans = Options.OfType<Option<bool>>().Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        return arguments.Select(a => a.Split('=', 2) switch
        {
            [var name, "1"] when booleans.Contains(name) => name + "=true",
            [var name, "0"] when booleans.Contains(name) => name + "=false",
            _ => a,
        }).ToArray();
    }

    /// <summary>Turns parsed flags into settings; throws INVALID_ARGUMENT with TF Serving's texts for contradictions.</summary>
    public static ServeSettings Parse(ParseResult result) => Parse(result, Environment.GetEnvironmentVariable);

    /// <summary>
    /// As <see cref="Parse(ParseResult)"/>, with TF Serving's container variables from <paramref name="environment"/>:
    /// <c>MODEL_NAME</c> names the model when <c>--model_name</c> is not given, and <c>MODEL_BASE_PATH</c> is the folder
    /// of models, so without <c>--model_base_path</c> the model is served from <c>$MODEL_BASE_PATH/&lt;name&gt;</c>.
    /// </summary>
    public static ServeSettings Parse(ParseResult result, Func<string, string?> environment)
    {
        UnknownFlags.Check(result);
        UnsupportedFlags.Check(result);
        var modelName = Given(result, TfServingFlags.ModelName) ?? NonEmpty(environment("MODEL_NAME")) ?? result.GetValue(TfServingFlags.ModelName)!;
        var basePath = Given(result, TfServingFlags.ModelBasePath) ?? (NonEmpty(environment("MODEL_BASE_PATH")) is { } modelsFolder ? Path.Combine(modelsFolder, modelName) : string.Empty);
        var configFile = result.GetValue(TfServingFlags.ModelConfigFile) ?? string.Empty;
        if (basePath.Length == 0 && configFile.Length == 0)
        {
            throw ServingException.InvalidArgument("Both server_options.model_base_path and server_options.model_config_file are empty!");
        }

        var grpcPort = result.GetValue(TfServingFlags.Port);
        var restPort = result.GetValue(TfServingFlags.RestApiPort);
        var socket = result.GetValue(TfServingFlags.GrpcSocketPath) ?? string.Empty;
        var server = new ServerOptions
        {
            BindAddress = IPAddress.TryParse(result.GetValue(TfServingFlags.BindAddress), out var address)
                ? address
                : throw ServingException.InvalidArgument($"--bind_address must be an IP address such as 0.0.0.0, 127.0.0.1 or ::1; was '{result.GetValue(TfServingFlags.BindAddress)}'"),
            GrpcPort = grpcPort == 0 ? null : grpcPort,
            GrpcSocketPath = socket.Length == 0 ? null : Path.GetFullPath(socket),
            GrpcChannelArguments = GrpcChannelArguments.Parse(result.GetValue(TfServingFlags.GrpcChannelArguments) ?? string.Empty),
            RestApiPort = restPort == 0 ? null : restPort,
            EnableCors = result.GetValue(TfServingFlags.RestApiEnableCorsSupport),
            RestApiNumThreads = Math.Max(1, result.GetValue(TfServingFlags.RestApiNumThreads)),
            RestApiTimeoutInMs = result.GetValue(TfServingFlags.RestApiTimeoutInMs),
            RestApiMaxRequestBytes = result.GetValue(TfServingFlags.RestApiMaxRequestBytes),
            RestApiMaxInflightBytes = result.GetValue(TfServingFlags.RestApiMaxInflightBytes),
            MaxTensorExpansionBytes = result.GetValue(TfServingFlags.MaxTensorExpansionBytes),
            GrpcMaxThreads = Math.Max(1, result.GetValue(TfServingFlags.GrpcMaxThreads)),
            SerializeAsTensorContent = result.GetValue(TfServingFlags.EnableSerializationAsTensorContent),
            EnableGrpcHealthCheck = result.GetValue(TfServingFlags.EnableGrpcHealthcheckService),
            Monitoring = result.GetValue(TfServingFlags.MonitoringConfigFile) is { Length: > 0 } monitoring ? MonitoringConfigLoader.Load(monitoring) : new(),
            LogFormat = result.GetValue(TfServingFlags.LogFormat) switch
            {
                "text" => LogFormat.Text,
                "json" => LogFormat.Json,
                var other => throw ServingException.InvalidArgument($"--log_format must be text or json; was '{other}'"),
            },
            LogRequests = result.GetValue(TfServingFlags.LogRequests),
        };
        SecurityFlags.Apply(result, server);
        if (server.RestApiMaxInflightBytes <= 0 || server.MaxTensorExpansionBytes < 0 || result.GetValue(TfServingFlags.ModelLoadTimeoutS) < 0)
        {
            throw ServingException.InvalidArgument("--rest_api_max_inflight_bytes must be positive; --max_tensor_expansion_bytes and --model_load_timeout_s not negative.");
        }

        if (server.GrpcPort is null && server.GrpcSocketPath is null)
        {
            throw ServingException.InvalidArgument("At least one of server_options.grpc_port or server_options.grpc_socket_path must be set.");
        }

        var models = new ModelServingOptions
        {
            FileSystemPollWaitSeconds = result.GetValue(TfServingFlags.FileSystemPollWaitSeconds),
            EnableModelWarmup = result.GetValue(TfServingFlags.EnableModelWarmup),
            EnableSignatureMethodNameCheck = result.GetValue(TfServingFlags.EnableSignatureMethodNameCheck),
            NumRequestIterationsForWarmup = result.GetValue(TfServingFlags.NumRequestIterationsForWarmup),
            NumLoadThreads = result.GetValue(TfServingFlags.NumLoadThreads),
            NumUnloadThreads = result.GetValue(TfServingFlags.NumUnloadThreads),
            MaxNumLoadRetries = Math.Max(0, result.GetValue(TfServingFlags.MaxNumLoadRetries)),
            LoadRetryIntervalMicros = result.GetValue(TfServingFlags.LoadRetryIntervalMicros),
            ModelLoadTimeoutSeconds = result.GetValue(TfServingFlags.ModelLoadTimeoutS),
            SavedModelTags = (result.GetValue(TfServingFlags.SavedModelTags) ?? "serve").Split(',', StringSplitOptions.RemoveEmptyEntries),
        };
        models.AllowVersionLabelsForUnavailableModels = result.GetValue(TfServingFlags.AllowVersionLabelsForUnavailableModels);
        if (configFile.Length > 0)
        {
            // As TF Serving: a config file wins over --model_name/--model_base_path.
            models.ModelConfigFile = Path.GetFullPath(configFile);
            models.ModelConfigFilePollWaitSeconds = result.GetValue(TfServingFlags.ModelConfigFilePollWaitSeconds);
            models.Models.AddRange(ModelServerConfigLoader.Load(models.ModelConfigFile).Models);
        }
        else
        {
            models.Models.Add(ModelConfig.Create(modelName, ModelStorePath.FromCommandLine(basePath)));
        }

        ApplyParallelism(result, models);
        models.Batching = BatchingFlags.Read(result);
        EngineFlags.Apply(result, models.Engine, batching: models.Batching is not null);
        return new ServeSettings(server, models) { Sealing = SealingFlags.Read(result) };
    }

    private static string? Given(ParseResult result, Option<string> flag) =>
        result.GetResult(flag) is { Implicit: false } ? result.GetValue(flag) : null;

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static void ApplyParallelism(ParseResult result, ModelServingOptions models)
    {
        var session = result.GetValue(TfServingFlags.TensorflowSessionParallelism);
        var intra = result.GetValue(TfServingFlags.TensorflowIntraOpParallelism);
        var inter = result.GetValue(TfServingFlags.TensorflowInterOpParallelism);
        if (session > 0 && intra > 0 && inter > 0)
        {
            throw ServingException.InvalidArgument(
                "Either configure server_options.tensorflow_session_parallelism or (server_options.tensorflow_intra_op_parallelism, server_options.tensorflow_inter_op_parallelism) separately. You cannot configure all.");
        }

        models.Engine.IntraOpThreads = (int)(intra > 0 ? intra : session);
        models.Engine.InterOpThreads = (int)(inter > 0 ? inter : session);
    }

    private async Task<int> RunAsync(Func<ServeSettings> settingsFactory)
    {
        SealServeServer? server = null;
        try
        {
            var settings = settingsFactory();

            // The command line's model is checked as a config file's: a URI base path or a missing folder stops start-up.
            ModelServerConfigLoader.Validate(new ModelServerConfig(settings.Models.Models));

            if (settings.Sealing.HoldsSecrets)
            {
                // Before any key is read: no crash dump, diagnostics port, debugger or profiler may reach it.
                DiagnosticsRestart.EnsureDiagnosticsOff();
            }

            server = SealServeServer.Create(settings.Server, settings.Models, configureServices: services => services.AddSealServeSealing(settings.Sealing));
            await server.StartAsync().ConfigureAwait(false);
            await server.WaitForShutdownAsync().ConfigureAwait(false);
            return 0;
        }
        catch (ServingException e)
        {
            await error.WriteLineAsync($"Failed to start server. Error: {e.Status}").ConfigureAwait(false);
            return StartFailureExitCode;
        }
        finally
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}
