using SealServe.Core.Errors;
using SealServe.Models.Sources;

namespace SealServe.Models.Management;

/// <summary>
/// One version under management: its state, its load error, and a reference count of open handles.
/// The manager itself holds one reference while the version is available; releasing the last
/// reference completes <see cref="Drained"/>, after which the servable can be disposed.
/// </summary>
internal sealed class ManagedVersion(VersionDirectory directory)
{
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int references;

    public long Version => Directory.Version;

    public VersionDirectory Directory { get; } = directory;

    public ServableState State { get; private set; } = ServableState.Start;

    public ServingStatus Status { get; private set; } = ServingStatus.Ok;

    public IServable? Servable { get; private set; }

    /// <summary>The loader's format (<c>onnx</c>, <c>saved_model</c>) once available.</summary>
    public string Format { get; private set; } = "unknown";

    /// <summary>What the version folder looked like when a load failed, so a changed folder is tried again.</summary>
    public string? FailedFingerprint { get; private set; }

    public Task Drained => drained.Task;

    public ModelVersionStatus Snapshot() => new(Version, State, Status);

    public void BeginLoading() => State = ServableState.Loading;

    public void MarkAvailable(IServable servable, string format)
    {
        Servable = servable;
        Format = format;
        references = 1;
        State = ServableState.Available;
    }

    public void MarkFailed(ServingStatus error, string fingerprint)
    {
        State = ServableState.End;
        Status = error;
        FailedFingerprint = fingerprint;
    }

    /// <summary>Stops new handles and drops the manager's own reference.</summary>
    public void BeginUnloading()
    {
        State = ServableState.Unloading;
        Release();
    }

    public void MarkEnded() => State = ServableState.End;

    /// <summary>Takes a reference unless the version has already been given up.</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref references) == 0)
        {
            drained.TrySetResult();
        }
    }
}
