using SealServe.Models.Config;

namespace SealServe.Models.Management;

/// <summary>
/// All versions of one model. Changes happen under <see cref="Gate"/> (one reconcile at a time);
/// requests read <see cref="Ready"/>, an immutable array swapped on every change, without locking.
/// </summary>
internal sealed class ManagedModel(ModelConfig config)
{
    private readonly Dictionary<long, ManagedVersion> versions = [];
    private volatile ManagedVersion[] ready = [];

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Version folders already reported as holding no model, so the warning is logged once.</summary>
    public HashSet<string> WarnedEmpty { get; } = new(StringComparer.Ordinal);

    public ModelConfig Config { get; set; } = config;

    /// <summary>Available versions, highest first.</summary>
    public ManagedVersion[] Ready => ready;

    public ManagedVersion? Find(long version)
    {
        lock (versions)
        {
            return versions.GetValueOrDefault(version);
        }
    }

    public void Put(ManagedVersion version)
    {
        lock (versions)
        {
            versions[version.Version] = version;
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
