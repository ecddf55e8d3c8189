using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using SealServe.Models.Diagnostics;
using SealServe.Server.Diagnostics;

namespace SealServe.Server.Hosting;

/// <summary>
/// OpenTelemetry tracing, on only when the standard variables name an OTLP endpoint (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>
/// or <c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>) and <c>OTEL_SDK_DISABLED</c> is not true; the exporter reads the other
/// <c>OTEL_*</c> variables itself (protocol, headers, service name, batching). W3C trace context is taken from requests.
/// </summary>
internal static class Tracing
{
    public static bool IsConfigured(Func<string, string?> environment) =>
        !string.Equals(environment("OTEL_SDK_DISABLED"), "true", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(environment("OTEL_TRACES_EXPORTER"), "none", StringComparison.OrdinalIgnoreCase)
        && (!string.IsNullOrEmpty(environment("OTEL_EXPORTER_OTLP_ENDPOINT")) || !string.IsNullOrEmpty(environment("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")));

    public static void Add(IServiceCollection services) =>
        services.AddOpenTelemetry().WithTracing(tracing => tracing
            .AddSource(ServerTracing.Source.Name, ModelsTracing.Source.Name)
            .AddAspNetCoreInstrumentation()
            .AddOtlpExporter());
}
