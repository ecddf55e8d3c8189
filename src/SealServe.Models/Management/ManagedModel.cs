using SealServe.Models.Config;

namespace SealServe.Models.Management;

/// <summary>
/// All versions of one model. Changes happen under <see cref="Gate"/> (one reconcile at a time);
/// requests read <see cref="Ready"/>, an immutable array swapped on every change, without locking.
/// </summary>
internal sealed class ManagedModel(ModelConfig config)
{
    /// <summary>Ended versions kept in status (unloaded or failed), newest first; older ones are forgotten.</summary>
    public const int MaxEndedVersions = 16;

    private readonly Dictionary<long, ManagedVersion> versions = [];
    private volatile ManagedVersion[] ready = [];
    private volatile ModelConfig config = config;
    private CancellationTokenSource loads = new();

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Version folders already reported as holding no model, so the warning is logged once.</summary>
    public HashSet<string> WarnedEmpty { get; } = new(StringComparer.Ordinal);

    /// <summary>Read by requests (labels) without the gate: a reference swap.</summary>
    public ModelConfig Config
    {
        get => config;
        set => config = value;
    }

    /// <summary>Cancelled when the model is removed or the server stops: a load in progress is abandoned.</summary>
    public CancellationToken LoadCancellation => Volatile.Read(ref loads).Token;

    /// <summary>Cancels loads in progress; later reconciles (the model may be listed again) get a fresh token.</summary>
    public async Task CancelLoadsAsync()
    {
        var cancelled = Interlocked.Exchange(ref loads, new CancellationTokenSource());
        await cancelled.CancelAsync().ConfigureAwait(false);
    }

    /// <summary>Available versions, highest first.</summary>
    public ManagedVersion[] Ready => ready;

    public ManagedVersion? Find(long version)
    {
        lock (versions)
        {
            return versions.GetValueOrDefault(version);
        }
    }

    /// <summary>Adds or replaces a version, and forgets the oldest ended ones beyond <see cref="MaxEndedVersions"/> that storage no longer has.</summary>
    public void Put(ManagedVersion version, IReadOnlySet<long> present)
    {
        lock (versions)
        {
            versions[version.Version] = version;
            var forgettable = versions.Values
                .Where(v => v.State == ServableState.End && !present.Contains(v.Version))
                .OrderByDescending(v => v.Version)
                .Skip(MaxEndedVersions)
                .ToArray();
            foreach (var old in forgettable)
            {
                versions.Remove(old.Version);
            }
        }
    }

    public ManagedVersion[] All()
    {
        lock (versions)
        {
            return versions.Values.OrderByDescending(v => v.Version).ToArray();
        }
    }

    /// <summary>Republishes the set of available versions after a state change.</summary>
    public void PublishReady() =>
        ready = All().Where(v => v.State == ServableState.Available).ToArray();
}
