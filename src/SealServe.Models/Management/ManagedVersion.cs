using SealServe.Core.Errors;
using SealServe.Models.Sources;

namespace SealServe.Models.Management;

/// <summary>
/// One version under management: its state, its last error, and a reference count of open handles. Every change
/// goes through <see cref="Transition"/>, which holds the legal moves (TF Serving's <c>LoaderHarness</c>):
/// <code>
/// START ──► LOADING ──► AVAILABLE ──► UNLOADING ──► END
///   │         │  ▲ (retry, with the error that may heal)
///   └─────────┴──┴──────────────────────────────────► END (failed or cancelled, with the reason)
/// </code>
/// The manager holds one reference while the version is available; releasing the last completes
/// <see cref="Drained"/>, after which the servable can be disposed.
/// </summary>
internal sealed class ManagedVersion(VersionDirectory directory)
{
    private readonly TaskCompletionSource drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock gate = new();
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

    public ModelVersionStatus Snapshot()
    {
        lock (gate)
        {
            return new(Version, State, Status);
        }
    }

    /// <summary>True for the moves of the diagram above; everything else is a bug in the manager.</summary>
    public static bool IsLegal(ServableState from, ServableState to) => (from, to) switch
    {
        (ServableState.Start, ServableState.Loading or ServableState.End) => true,
        (ServableState.Loading, ServableState.Loading or ServableState.Available or ServableState.End) => true,
        (ServableState.Available, ServableState.Unloading) => true,
        (ServableState.Unloading, ServableState.End) => true,
        _ => false,
    };

    /// <summary>
    /// Moves to <paramref name="next"/>. AVAILABLE takes the loaded <paramref name="servable"/> (and its loader's <paramref name="format"/>); UNLOADING drops the
    /// manager's reference; a LOADING retry or a failed END carries <paramref name="error"/> (and, for END, the folder's
    /// <paramref name="fingerprint"/>). Throws <see cref="InvalidOperationException"/> for an illegal move.
    /// </summary>
    public void Transition(ServableState next, IServable? servable = null, ServingStatus? error = null, string? fingerprint = null, string? format = null)
    {
        lock (gate)
        {
            if (!IsLegal(State, next))
            {
                throw new InvalidOperationException($"Version {Version}: {State} → {next} is not a legal transition.");
            }

            switch (next)
            {
                case ServableState.Available:
                    Servable = servable ?? throw new ArgumentNullException(nameof(servable));
                    Format = format ?? Format;
                    Status = ServingStatus.Ok;
                    references = 1;
                    break;
                case ServableState.Unloading:
                    Release();
                    break;
                case ServableState.Loading or ServableState.End when error is { } failure:
                    Status = failure;
                    FailedFingerprint = next == ServableState.End ? fingerprint : null;
                    break;
            }

            State = next;
        }
    }

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
