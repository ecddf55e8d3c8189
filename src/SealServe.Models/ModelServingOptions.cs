using SealServe.Models.Batching;
using SealServe.Models.Config;
using SealServe.Models.Engine;

namespace SealServe.Models;

/// <summary>Start-up settings of the model side of the server.</summary>
public sealed class ModelServingOptions
{
    /// <summary>The models to serve (from <c>--model_name</c>/<c>--model_base_path</c>).</summary>
    public List<ModelConfig> Models { get; } = [];

    /// <summary>The <c>--model_config_file</c> the models came from, re-read every <see cref="ModelConfigFilePollWaitSeconds"/>; null when the models came from flags.</summary>
    public string? ModelConfigFile { get; set; }

    /// <summary>Seconds between re-reads of <see cref="ModelConfigFile"/> (<c>--model_config_file_poll_wait_seconds</c>); 0 reads it once.</summary>
    public int ModelConfigFilePollWaitSeconds { get; set; }

    /// <summary>Allow a new version label to point at a version that is not AVAILABLE yet (<c>--allow_version_labels_for_unavailable_models</c>).</summary>
    public bool AllowVersionLabelsForUnavailableModels { get; set; }

    /// <summary>
    /// Seconds between scans of the base paths for new or removed versions (<c>--file_system_poll_wait_seconds</c>).
    /// Defaults to 1. 0 scans once at start; a negative value never scans after start.
    /// </summary>
    public int FileSystemPollWaitSeconds { get; set; } = 1;

    /// <summary>
    /// Loads in parallel across models after start-up (<c>--num_load_threads</c>); 0, the default, lets each model load one
    /// version at a time without waiting for other models (TF Serving's 0 loads one version at a time in all).
    /// </summary>
    public int NumLoadThreads { get; set; }

    /// <summary>Loads in parallel while the server starts (TF Serving uses 4 × CPUs).</summary>
    public int NumInitialLoadThreads { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Unloads in parallel (<c>--num_unload_threads</c>); 0 releases one version at a time.</summary>
    public int NumUnloadThreads { get; set; }

    /// <summary>Retries after a load failed on I/O (<c>--max_num_load_retries</c>); defaults to 5, 0 tries once. Other failures cannot heal and are not retried.</summary>
    public int MaxNumLoadRetries { get; set; } = 5;

    /// <summary>
    /// Seconds one load (read, translate, warm up) may take before the version fails with DEADLINE_EXCEEDED
    /// (<c>--model_load_timeout_s</c>, our addition); a load blocked in a read is abandoned. Defaults to 600; 0 waits for ever.
    /// </summary>
    public int ModelLoadTimeoutSeconds { get; set; } = 600;

    /// <summary>Wait between load retries in µs (<c>--load_retry_interval_micros</c>); defaults to 60 s; negative waits not at all.</summary>
    public long LoadRetryIntervalMicros { get; set; } = 60_000_000;

    /// <summary>Replay <c>assets.extra/tf_serving_warmup_requests</c> before a version becomes available (<c>--enable_model_warmup</c>, default on).</summary>
    public bool EnableModelWarmup { get; set; } = true;

    /// <summary>
    /// Request batching (<c>--enable_batching</c>, <c>--batching_parameters_file</c>); <see langword="null"/>, the
    /// default, serves every request with its own engine run.
    /// </summary>
    public BatchingOptions? Batching { get; set; }

    /// <summary>Times each warmup record is replayed (<c>--num_request_iterations_for_warmup</c>); 0 or 1 replays once.</summary>
    public int NumRequestIterationsForWarmup { get; set; }

    /// <summary>
    /// The tag set choosing a SavedModel's MetaGraphDef (<c>--saved_model_tags</c>, comma-separated). Defaults to
    /// <c>serve</c>; the MetaGraph whose tags equal this set is served.
    /// </summary>
    public IReadOnlyList<string> SavedModelTags { get; set; } = ["serve"];

    /// <summary>
    /// Classify, Regress and Predict check a signature's <c>method_name</c> (<c>--enable_signature_method_name_check</c>);
    /// off by default, as in TF Serving, so only a signature's structure is checked (TF2 exports mark every signature predict).
    /// </summary>
    public bool EnableSignatureMethodNameCheck { get; set; }

    /// <summary>ONNX Runtime session settings.</summary>
    public EngineOptions Engine { get; } = new();
}
