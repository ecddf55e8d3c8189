namespace SealServe.Models.Config;

/// <summary>
/// TF Serving's <c>MonitoringConfig</c> (<c>--monitoring_config_file</c>): whether the REST port serves
/// metrics in Prometheus text format, and where. Without the flag, no metrics endpoint.
/// </summary>
public sealed record MonitoringOptions
{
    /// <summary>TF Serving's metrics path, used when <c>prometheus_config.path</c> is empty.</summary>
    public const string DefaultPrometheusPath = "/monitoring/prometheus/metrics";

    /// <summary>
    /// <c>prometheus_config.enable</c>: serve metrics on the REST port (exact path, any method,
    /// <c>text/plain</c>). Defaults to false.
    /// </summary>
    public bool PrometheusEnabled { get; init; }

    /// <summary><c>prometheus_config.path</c>: the metrics path. Defaults to <see cref="DefaultPrometheusPath"/>.</summary>
    public string PrometheusPath { get; init; } = DefaultPrometheusPath;
}
