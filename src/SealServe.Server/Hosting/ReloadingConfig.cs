using Microsoft.Extensions.Logging;
using SealServe.Server.Diagnostics;

namespace SealServe.Server.Hosting;

/// <summary>
/// A snapshot built from configuration files (TLS certificates, access keys), built again when any file it was
/// built from changes. It remembers the content it read (<see cref="ConfigReads"/>), so a Kubernetes Secret swapped
/// in through symbolic links counts as a change and no change can slip between reading and remembering. The first
/// build happens in the constructor and throws: a bad file stops start-up. Later a bad file keeps the previous
/// snapshot in effect and is logged once per change.
/// </summary>
internal sealed class ReloadingConfig<T> : IReloadable
    where T : class
{
    private readonly string name;
    private readonly Func<ConfigReads, T> build;
    private readonly ILogger logger;
    private readonly Lock gate = new();
    private ConfigReads reads = new();
    private volatile T current;

    /// <param name="name">What the snapshot is, for the log (<c>--ssl_config_file /etc/tls/grpc.pbtxt</c>).</param>
    /// <param name="build">Builds the snapshot, reading every file through the <see cref="ConfigReads"/> given; throws when they are not valid.</param>
    public ReloadingConfig(string name, Func<ConfigReads, T> build, ILogger logger)
    {
        this.name = name;
        this.build = build;
        this.logger = logger;
        current = build(reads);
    }

    /// <summary>The snapshot in effect.</summary>
    public T Current => current;

    public void ReloadIfChanged()
    {
        lock (gate)
        {
            if (!reads.Changed())
            {
                return;
            }

            reads = new ConfigReads();
            try
            {
                current = build(reads);
                ServerLog.ConfigReloaded(logger, name);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                ServerLog.ConfigReloadFailed(logger, name, e.Message);
            }
        }
    }
}
