using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SealServe.Server.Monitoring;

/// <summary>
/// The endpoints for operators rather than clients, on the REST port: the Prometheus page (<c>--monitoring_config_file</c>)
/// and the Kubernetes probes <c>/v1/health/live</c> (the process answers) and <c>/v1/health/ready</c> (200 when
/// <see cref="ServingHealth"/> serves, else 503), and the Open Inference Protocol's <c>/v2/health/live</c> and
/// <c>/v2/health/ready</c> (200, or 400 as the protocol has it). They are matched before the REST API (TF Serving's exact-path handlers
/// come first), take no REST request slot and no timeout, and stay open to every caller: access control must leave
/// <see cref="IsOperational"/> paths alone.
/// </summary>
internal sealed class OperationsEndpoints(ServerOptions options, ServingHealth health, MetricsCollector? metrics = null)
{
    public const string LivePath = "/v1/health/live";
    public const string ReadyPath = "/v1/health/ready";
    public const string V2LivePath = "/v2/health/live";
    public const string V2ReadyPath = "/v2/health/ready";

    /// <summary>True for a path served here rather than by the REST API.</summary>
    public bool IsOperational(PathString path) =>
        path.Equals(LivePath, StringComparison.Ordinal) || path.Equals(ReadyPath, StringComparison.Ordinal)
        || path.Equals(V2LivePath, StringComparison.Ordinal) || path.Equals(V2ReadyPath, StringComparison.Ordinal) || IsMetrics(path);

    public Task HandleAsync(HttpContext context)
    {
        if (IsMetrics(context.Request.Path))
        {
            // TF Serving: any method, text/plain.
            context.Response.ContentType = "text/plain";
            return context.Response.WriteAsync(PrometheusText.Format(metrics!.Collect()), context.RequestAborted);
        }

        var path = context.Request.Path;
        var live = path.Equals(LivePath, StringComparison.Ordinal) || path.Equals(V2LivePath, StringComparison.Ordinal);
        var (serving, reason) = live ? (true, string.Empty) : health.Check();
        context.Response.ContentType = "application/json";
        if (path.StartsWithSegments("/v2", StringComparison.Ordinal))
        {
            // The protocol: 200 for true, 4xx for false.
            context.Response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest;
            var answer = serving ? new Dictionary<string, object> { [live ? "live" : "ready"] = true } : new() { ["ready"] = false, ["error"] = reason };
            return context.Response.WriteAsync(JsonSerializer.Serialize(answer), context.RequestAborted);
        }

        context.Response.StatusCode = serving ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        var body = serving ? new Dictionary<string, string> { ["status"] = "SERVING" } : new() { ["status"] = "NOT_SERVING", ["reason"] = reason };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body), context.RequestAborted);
    }

    private bool IsMetrics(PathString path) => metrics is not null && path.Equals(options.Monitoring.PrometheusPath, StringComparison.Ordinal);
}
