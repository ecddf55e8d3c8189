using Microsoft.Extensions.Hosting;
using SealServe.Models.Management;

namespace SealServe.Server.Monitoring;

/// <summary>
/// Whether the server serves: not before its initial models are loaded, not while it drains (from the moment
/// shutdown begins), and otherwise only while every configured model has an AVAILABLE version. Read on demand by
/// the REST probes and the gRPC health service; <see cref="Changed"/> wakes the service's watchers.
/// </summary>
internal sealed class ServingHealth
{
    private readonly ServableManager manager;
    private readonly ModelRepositoryWatcher models;
    private readonly CancellationToken stopping;
    private volatile bool started;
    private volatile TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ServingHealth(ServableManager manager, ModelRepositoryWatcher models, IHostApplicationLifetime lifetime)
    {
        this.manager = manager;
        this.models = models;
        stopping = lifetime.ApplicationStopping;
        stopping.Register(Notify);
    }

    /// <summary>Completes at the next transition that is pushed (start-up done, shutdown begun); model changes are polled.</summary>
    public Task Changed => changed.Task;

    public bool IsDraining => stopping.IsCancellationRequested;

    /// <summary>The initial models are loaded and the ports open.</summary>
    public void MarkStarted()
    {
        started = true;
        Notify();
    }

    /// <summary>Serving or not, with the reason when not.</summary>
    public (bool Serving, string Reason) Check()
    {
        if (IsDraining)
        {
            return (false, "draining: the server is shutting down");
        }

        if (!started)
        {
            return (false, "starting: the initial models are loading");
        }

        var unavailable = models.Current.Models
            .Where(m => !manager.TryGetStatus(m.Name).Any(s => s.State == ServableState.Available))
            .Select(m => m.Name)
            .ToArray();
        return unavailable.Length == 0 ? (true, string.Empty) : (false, $"no AVAILABLE version of model(s) {string.Join(", ", unavailable)}");
    }

    private void Notify() => Interlocked.Exchange(ref changed, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
