using Microsoft.Extensions.Logging;

namespace SealServe.Models.Diagnostics;

/// <summary>Log messages of the model life cycle (event ids 4xxx).</summary>
internal static partial class ModelsLog
{
    [LoggerMessage(4001, LogLevel.Debug, "Ignoring {Entry} under {BasePath}: not a version number")]
    public static partial void IgnoredEntry(ILogger logger, string basePath, string entry);

    [LoggerMessage(4002, LogLevel.Warning, "Version {ModelVersion} appears twice: {Previous} and {Path}; using {Path}")]
    public static partial void DuplicateVersion(ILogger logger, long modelVersion, string previous, string path);

    [LoggerMessage(4003, LogLevel.Warning, "Version folder {Path} of model {ModelName} holds no model file yet; skipped")]
    public static partial void NoModelFile(ILogger logger, string modelName, string path);

    [LoggerMessage(4004, LogLevel.Information, "Loading {ModelName} version {ModelVersion} ({Format}) from {Path}")]
    public static partial void Loading(ILogger logger, string modelName, long modelVersion, string format, string path);

    [LoggerMessage(4005, LogLevel.Information, "Successfully loaded {ModelName} version {ModelVersion} in {ElapsedMs} ms")]
    public static partial void Loaded(ILogger logger, string modelName, long modelVersion, long elapsedMs);

    [LoggerMessage(4006, LogLevel.Error, "Failed to load {ModelName} version {ModelVersion}: {Error}")]
    public static partial void LoadFailed(ILogger logger, string modelName, long modelVersion, string error);

    [LoggerMessage(4007, LogLevel.Information, "Unloading {ModelName} version {ModelVersion}")]
    public static partial void Unloading(ILogger logger, string modelName, long modelVersion);

    [LoggerMessage(4008, LogLevel.Information, "Unloaded {ModelName} version {ModelVersion}")]
    public static partial void Unloaded(ILogger logger, string modelName, long modelVersion);

    [LoggerMessage(4009, LogLevel.Warning, "Cannot list versions of model {ModelName}: {Error}")]
    public static partial void ListFailed(ILogger logger, string modelName, string error);

    [LoggerMessage(4011, LogLevel.Warning, "Loading {ModelName} version {ModelVersion} failed (retry {Attempt} of {MaxRetries}): {Error}")]
    public static partial void LoadRetry(ILogger logger, string modelName, long modelVersion, int attempt, int maxRetries, string error);

    [LoggerMessage(4012, LogLevel.Information, "Model {ModelName} is no longer in the config: unloading its versions")]
    public static partial void ModelRemoved(ILogger logger, string modelName);

    [LoggerMessage(4013, LogLevel.Information, "Model config reloaded from {Path}: {Models} model(s)")]
    public static partial void ConfigReloaded(ILogger logger, string path, int models);

    [LoggerMessage(4014, LogLevel.Error, "Model config {Path} not applied, the previous config stays in effect: {Error}")]
    public static partial void ConfigReloadFailed(ILogger logger, string path, string error);

    [LoggerMessage(4010, LogLevel.Warning, "No versions of model {ModelName} found under base path {BasePath}")]
    public static partial void NoVersions(ILogger logger, string modelName, string basePath);
}
