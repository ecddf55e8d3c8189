using Microsoft.AspNetCore.Http;

namespace SealServe.Server.Monitoring;

/// <summary>
/// The endpoints for operators rather than clients, on the REST port: the Prometheus page (<c>--monitoring_config_file</c>).
/// They are matched before the REST API (TF Serving's exact-path handlers come first), take no REST request slot and
/// no timeout, and stay open to every caller: access control must leave <see cref="IsOperational"/> paths alone.
/// </summary>
internal sealed class OperationsEndpoints(ServerOptions options, MetricsCollector? metrics = null)
{
    /// <summary>True for a path served here rather than by the REST API.</summary>
    public bool IsOperational(PathString path) => metrics is not null && path.Equals(options.Monitoring.PrometheusPath, StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        // TF Serving: any method, text/plain.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "text/plain";
        return context.Response.WriteAsync(PrometheusText.Format(metrics!.Collect()), context.RequestAborted);
    }
}
