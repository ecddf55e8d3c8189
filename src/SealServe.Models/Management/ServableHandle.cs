namespace SealServe.Models.Management;

/// <summary>
/// A request's hold on one loaded version. While any handle is open the version is not released,
/// so a request finishes on the version it started on even if a newer one takes over meanwhile.
/// </summary>
public sealed class ServableHandle : IDisposable
{
    private ManagedVersion? held;

    internal ServableHandle(string modelName, ManagedVersion version)
    {
        ModelName = modelName;
        Version = version.Version;
        Servable = version.Servable!;
        Format = version.Format;
        held = version;
    }

    public string ModelName { get; }

    public long Version { get; }

    public IServable Servable { get; }

    /// <summary>The format the version was loaded from (<c>onnx</c>, <c>saved_model</c>...).</summary>
    public string Format { get; }

    public void Dispose() => Interlocked.Exchange(ref held, null)?.Release();
}
