using SealServe.Core.Errors;
using ProtoMonitoringConfig = Tensorflow.Serving.MonitoringConfig;

namespace SealServe.Models.Config;

/// <summary>
/// Reads a <c>--monitoring_config_file</c> (text-format <c>tensorflow.serving.MonitoringConfig</c>,
/// e.g. <c>prometheus_config { enable: true, path: "/metrics" }</c>) into <see cref="MonitoringOptions"/>.
/// </summary>
public static class MonitoringConfigLoader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="ServingException">NOT_FOUND for a missing file; INVALID_ARGUMENT for a syntax error or a path not starting with <c>/</c>.</exception>
    public static MonitoringOptions Load(string path) => Parse(ConfigFile.ReadText(path), path);

    /// <summary>Parses config text (<paramref name="path"/>, if given, names it in syntax errors).</summary>
    /// <exception cref="ServingException">INVALID_ARGUMENT for a syntax error or a path not starting with <c>/</c>.</exception>
    public static MonitoringOptions Parse(string text, string? path = null)
    {
        var prometheus = ConfigFile.Parse<ProtoMonitoringConfig>(text, path).PrometheusConfig;
        var metricsPath = string.IsNullOrEmpty(prometheus?.Path) ? MonitoringOptions.DefaultPrometheusPath : prometheus.Path;

        // TF Serving takes any string and then never matches a request path without the slash.
        if (!metricsPath.StartsWith('/'))
        {
            throw ServingException.InvalidArgument($"prometheus_config.path must start with '/'; got {metricsPath}");
        }

        return new MonitoringOptions { PrometheusEnabled = prometheus?.Enable ?? false, PrometheusPath = metricsPath };
    }
}
