using System.Diagnostics;

namespace SealServe.Models.Diagnostics;

/// <summary>
/// Trace spans of the model side: the wait of a request in the batching queue, a batch's run (linked to the requests it
/// merged) and the engine's run. Spans cost a null check unless tracing is configured (OTEL_* variables).
/// </summary>
public static class ModelsTracing
{
    public static readonly ActivitySource Source = new("SealServe.Models");
}
