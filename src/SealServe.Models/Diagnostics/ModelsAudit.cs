using Microsoft.Extensions.Logging;

namespace SealServe.Models.Diagnostics;

/// <summary>Audit lines of the model lifecycle (category <see cref="Core.Diagnostics.Audit.Category"/>, event ids 41xx).</summary>
internal static partial class ModelsAudit
{
    [LoggerMessage(4101, LogLevel.Information, "Model loaded: {ModelName} version {ModelVersion} from {Path}")]
    public static partial void Loaded(ILogger logger, string modelName, long modelVersion, string path);

    [LoggerMessage(4102, LogLevel.Warning, "Model load failed: {ModelName} version {ModelVersion} from {Path}: {Error}")]
    public static partial void LoadFailed(ILogger logger, string modelName, long modelVersion, string path, string error);

    [LoggerMessage(4103, LogLevel.Information, "Model unloaded: {ModelName} version {ModelVersion}")]
    public static partial void Unloaded(ILogger logger, string modelName, long modelVersion);
}
