using System.Diagnostics.Metrics;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Diagnostics;

/// <summary>Sealed (and legacy-encrypted) files opened: <c>/sealserve/sealed_file_open_count{kind,status}</c>, status OK or why it failed.</summary>
public sealed class SealingMetrics(IMeterFactory meters)
{
    private readonly Counter<long> opened = meters.Create("SealServe.Sealing").CreateCounter<long>(
        "/sealserve/sealed_file_open_count", description: "Sealed files opened by kind (sealed, legacy) and result status.");

    public void RecordOpen(string kind, StatusCode status) => opened.Add(1, new("kind", kind), new("status", ServingStatus.CodeName(status)));
}
