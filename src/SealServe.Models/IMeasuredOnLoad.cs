namespace SealServe.Models;

/// <summary>
/// A servable that measures itself once loaded, before its warmup and before it serves (batching's merge probe):
/// the manager calls it on the loading thread, within the load's timeout.
/// </summary>
internal interface IMeasuredOnLoad
{
    void MeasureOnLoad(string modelName, long version, CancellationToken cancellationToken);
}
