using System.Net;
using SealServe.Models.Config;
using SealServe.Server.Grpc;
using SealServe.Server.Hosting;

namespace SealServe.Server;

/// <summary>Start-up settings of the network side (TF Serving's server flags).</summary>
public sealed class ServerOptions
{
    /// <summary>Address to listen on. Defaults to all interfaces, as TF Serving (0.0.0.0).</summary>
    public IPAddress BindAddress { get; set; } = IPAddress.Any;

    /// <summary>gRPC port (<c>--port</c>); defaults to 8500. 0 picks a free port; <see langword="null"/> disables gRPC.</summary>
    public int? GrpcPort { get; set; } = 8500;

    /// <summary>
    /// REST port (<c>--rest_api_port</c>); defaults to 8501 (TF Serving's default is 0 = off, a deliberate
    /// difference so the REST API works out of the box). 0 picks a free port; <see langword="null"/> disables REST.
    /// </summary>
    public int? RestApiPort { get; set; } = 8501;

    /// <summary>Most REST requests processed at once (<c>--rest_api_num_threads</c>); defaults to 4 × CPUs. Others wait their turn.</summary>
    public int RestApiNumThreads { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Per-request REST timeout in ms (<c>--rest_api_timeout_in_ms</c>), answered with 504; ≤ 0 is no timeout. Defaults to 30000.</summary>
    public int RestApiTimeoutInMs { get; set; } = 30_000;

    /// <summary>Largest accepted REST body in bytes (<c>--rest_api_max_request_bytes</c>, our addition); larger is refused with 413. Defaults to 256 MiB.</summary>
    public long RestApiMaxRequestBytes { get; set; } = 256L << 20;

    /// <summary>
    /// Most bytes all REST request bodies being read or served may hold together (<c>--rest_api_max_inflight_bytes</c>,
    /// our addition); a body that would pass it is answered with 429. Defaults to an eighth of the memory the process may use.
    /// </summary>
    public long RestApiMaxInflightBytes { get; set; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 8;

    /// <summary>
    /// Most bytes one request input may take when it carries fewer values than its shape has elements (TensorFlow
    /// repeats the last value or fills zeros) — <c>--max_tensor_expansion_bytes</c>, our addition. A request may also
    /// expand to no more than 1024 times its own size.
    /// Defaults to 64 MiB.
    /// </summary>
    public long MaxTensorExpansionBytes { get; set; } = 64L << 20;

    /// <summary>Most gRPC calls processed at once (<c>--grpc_max_threads</c>); defaults to 4 × CPUs.</summary>
    public int GrpcMaxThreads { get; set; } = 4 * Environment.ProcessorCount;

    /// <summary>Largest gRPC message in and out (TF Serving sets INT32_MAX, not gRPC's 4 MB).</summary>
    public int GrpcMaxMessageBytes { get; set; } = int.MaxValue;

    /// <summary>Also serve gRPC on this UNIX socket (<c>--grpc_socket_path</c>); <see langword="null"/> for none.</summary>
    public string? GrpcSocketPath { get; set; }

    /// <summary>gRPC server settings from <c>--grpc_channel_arguments</c>; unset ones keep their defaults.</summary>
    public GrpcChannelArguments GrpcChannelArguments { get; set; } = new();

    /// <summary>Add TF Serving's CORS headers to REST responses (<c>--rest_api_enable_cors_support</c>).</summary>
    public bool EnableCors { get; set; }

    /// <summary>Log lines as text or JSON objects (<c>--log_format</c>).</summary>
    public LogFormat LogFormat { get; set; }

    /// <summary>Log every request at Information: method, path, status, duration (<c>--log_requests</c>, ours).</summary>
    public bool LogRequests { get; set; }

    /// <summary>Serve <c>grpc.health.v1.Health</c> on the gRPC port (<c>--enable_grpc_healthcheck_service</c>).</summary>
    public bool EnableGrpcHealthCheck { get; set; }

    /// <summary>The Prometheus endpoint (<c>--monitoring_config_file</c>); off by default.</summary>
    public MonitoringOptions Monitoring { get; set; } = new();

    /// <summary>
    /// TLS on the gRPC port (<c>--ssl_config_file</c>): a text-format TF Serving <c>SSLConfig</c>, re-read when it
    /// changes. Defaults to none (plain text).
    /// </summary>
    public string? SslConfigFile { get; set; }

    /// <summary>TLS on the REST port (<c>--rest_api_ssl_config_file</c>, our addition), same format. Defaults to none (plain HTTP).</summary>
    public string? RestApiSslConfigFile { get; set; }

    /// <summary>
    /// Access control (<c>--auth_config_file</c>, our addition): a text-format <c>sealserve.config.AuthConfig</c> of API
    /// keys and JWT rules, re-read when it or its JWKS file changes. Defaults to none: every caller may call everything.
    /// </summary>
    public string? AuthConfigFile { get; set; }

    /// <summary>
    /// The audit log's own file (<c>--audit_log_file</c>, ours): JSON lines, appended; the audit category then goes
    /// nowhere else. Defaults to none: audit lines go to the log with the rest, under their category.
    /// </summary>
    public string? AuditLogFile { get; set; }

    /// <summary>
    /// Keeps absolute paths and key ids out of status and error answers to clients (<c>--redact_status_errors</c>,
    /// ours); the log keeps them. Null (the default) means on exactly when <see cref="AuthConfigFile"/> is set.
    /// </summary>
    public bool? RedactStatusErrors { get; set; }

    /// <summary>Predict outputs in gRPC use <c>tensor_content</c> instead of typed fields (<c>--enable_serialization_as_tensor_content</c>).</summary>
    public bool SerializeAsTensorContent { get; set; }
}
