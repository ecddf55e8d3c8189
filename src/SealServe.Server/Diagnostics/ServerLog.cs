using Microsoft.Extensions.Logging;

namespace SealServe.Server.Diagnostics;

/// <summary>Log messages of the network side (event ids 5xxx).</summary>
internal static partial class ServerLog
{
    [LoggerMessage(5001, LogLevel.Information, "Running gRPC ModelServer at {Address} ...")]
    public static partial void GrpcListening(ILogger logger, string address);

    [LoggerMessage(5002, LogLevel.Information, "Exporting HTTP/REST API at:{Address} ...")]
    public static partial void RestListening(ILogger logger, string address);

    [LoggerMessage(5003, LogLevel.Error, "Unexpected error answering {Method} {Path} ({HeldBack} similar lines held back before this one)")]
    public static partial void UnexpectedRestError(ILogger logger, string method, string path, long heldBack, Exception exception);

    [LoggerMessage(5008, LogLevel.Debug, "Refused {Method} {Path} with {Status}: {Reason}")]
    public static partial void BadRestRequest(ILogger logger, string method, string path, int status, string reason);

    [LoggerMessage(5009, LogLevel.Error, "Unexpected error answering gRPC {Method} ({HeldBack} similar lines held back before this one)")]
    public static partial void UnexpectedGrpcError(ILogger logger, string method, long heldBack, Exception exception);

    [LoggerMessage(5004, LogLevel.Error, "REST API port {Port} is the same as the gRPC port: REST is not started")]
    public static partial void RestPortClash(ILogger logger, int port);

    [LoggerMessage(5006, LogLevel.Information, "Finished reading warmup data for model {ModelName} version {ModelVersion}: {Records} records replayed")]
    public static partial void WarmupDone(ILogger logger, string modelName, long modelVersion, int records);

    [LoggerMessage(5010, LogLevel.Information, "Reloaded {Name}: its files changed")]
    public static partial void ConfigReloaded(ILogger logger, string name);

    [LoggerMessage(5011, LogLevel.Error, "{Name} changed but cannot be used, the previous one stays in effect: {Reason}")]
    public static partial void ConfigReloadFailed(ILogger logger, string name, string reason);

    [LoggerMessage(5012, LogLevel.Information, "TLS on the {Api} port ({ClientCertificates}), from {File}")]
    public static partial void TlsEnabled(ILogger logger, string api, string clientCertificates, string file);
}
