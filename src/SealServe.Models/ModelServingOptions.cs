using SealServe.Models.Config;
using SealServe.Models.Engine;

namespace SealServe.Models;

/// <summary>Start-up settings of the model side of the server.</summary>
public sealed class ModelServingOptions
{
    /// <summary>The models to serve (from <c>--model_name</c>/<c>--model_base_path</c>).</summary>
    public List<ModelConfig> Models { get; } = [];

    /// <summary>
    /// Seconds between scans of the base paths for new or removed versions (<c>--file_system_poll_wait_seconds</c>).
    /// Defaults to 1. 0 scans once at start; a negative value never scans after start.
    /// </summary>
    public int FileSystemPollWaitSeconds { get; set; } = 1;

    /// <summary>ONNX Runtime session settings.</summary>
    public EngineOptions Engine { get; } = new();
}
