using System.Diagnostics;

namespace SealServe.Server.Diagnostics;

/// <summary>
/// Trace spans of a request (decode, encode), under ASP.NET Core's span for the HTTP or gRPC call, which takes the W3C
/// trace context from REST headers and gRPC metadata. Off unless OTEL_* variables configure an exporter.
/// </summary>
internal static class ServerTracing
{
    public static readonly ActivitySource Source = new("SealServe.Server");
}
