using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Diagnostics;
using SealServe.Models.Sources;

namespace SealServe.Models.Management;

/// <summary>
/// Holds the model list in effect and keeps the servable manager in line with it: scans every model's
/// base path each poll interval, and applies a new list (reload by config file or RPC) as TF Serving
/// does — the new list replaces the old, removed models unload, added ones load. Start-up waits until
/// every model has its first version loaded, and fails when a model's versions all failed. Models are
/// scanned independently: a model whose load hangs delays neither the others' scans nor a reload.
/// </summary>
public sealed class ModelRepositoryWatcher(
    ServableManager manager,
    IModelSource source,
    IOptions<ModelServingOptions> options,
    TimeProvider time,
    ILogger<ModelRepositoryWatcher> logger) : BackgroundService
{
    private readonly ModelServingOptions options = options.Value;

    // One change of the model list at a time; scans of the models run on their own.
    private readonly SemaphoreSlim changes = new(1, 1);
    private readonly ConcurrentDictionary<string, Task> scans = new(StringComparer.Ordinal);

    // Background scans live as long as the watcher, not as long as the reload call that started them.
    private readonly CancellationTokenSource stopping = new();
    private volatile ModelServerConfig current = ModelServerConfig.Empty;

    /// <summary>The model list in effect.</summary>
    public ModelServerConfig Current => current;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await ApplyAsync(new ModelServerConfig(options.Models.ToArray()), waitForVersions: true, cancellationToken).ConfigureAwait(false);
        manager.EndInitialLoads();
        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces the model list; returns once added models have loaded. Throws (keeping the old list) when
    /// the new list is not a legal transition, or (with the new list in effect) when an added model failed to load.
    /// </summary>
    public Task ReloadAsync(ModelServerConfig config, CancellationToken cancellationToken) =>
        ApplyAsync(config, waitForVersions: false, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.FileSystemPollWaitSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.FileSystemPollWaitSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var model in current.Models)
            {
                StartScan(model);
            }
        }
    }

    /// <summary>Scans a model in the background unless its previous scan (maybe a long load) is still running.</summary>
    private void StartScan(ModelConfig model)
    {
        if (scans.TryGetValue(model.Name, out var running) && !running.IsCompleted)
        {
            return;
        }

        scans[model.Name] = Task.Run(
            async () =>
            {
                try
                {
                    await ScanAsync(model, stopping.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    // Removed from the config or stopping: its loads were cancelled on purpose.
                }
            },
            CancellationToken.None);
    }

    private async Task ApplyAsync(ModelServerConfig config, bool waitForVersions, CancellationToken cancellationToken)
    {
        await changes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = current;
            ModelConfigTransition.Check(previous, config, manager, options.AllowVersionLabelsForUnavailableModels);
            current = config;
            foreach (var removed in previous.Models.Where(old => config.Models.All(m => m.Name != old.Name)))
            {
                ModelsLog.ModelRemoved(logger, removed.Name);
                await manager.RemoveModelAsync(removed.Name, cancellationToken).ConfigureAwait(false);
            }

            // Models that stay take their new policy and labels at once and rescan in the background (one of them may be
            // in a long load); the added ones load before the reload answers, as in TF Serving.
            var added = config.Models.Where(m => previous.Models.All(old => old.Name != m.Name)).ToArray();
            foreach (var model in config.Models)
            {
                manager.Configure(model);
            }

            foreach (var model in config.Models.Except(added))
            {
                StartScan(model);
            }

            await LoadAsync(added, waitForVersions, cancellationToken).ConfigureAwait(false);
            ThrowIfUnavailable(added);
        }
        finally
        {
            changes.Release();
        }
    }

    /// <summary>Loads newly listed models; at start-up waits, as TF Serving does, until each has a version to load.</summary>
    private async Task LoadAsync(IReadOnlyList<ModelConfig> models, bool waitForVersions, CancellationToken cancellationToken)
    {
        var pending = models;
        while (true)
        {
            var done = await Task.WhenAll(pending.Select(m => ScanAsync(m, cancellationToken, throwIfCannotHeal: true))).ConfigureAwait(false);
            pending = pending.Where((_, i) => !done[i]).ToArray();
            if (pending.Count == 0 || !waitForVersions)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.FileSystemPollWaitSeconds)), time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Fails, with TF Serving's message, when a model has no version that loaded.</summary>
    private void ThrowIfUnavailable(IReadOnlyList<ModelConfig> models)
    {
        var failures = new List<string>();
        foreach (var model in models)
        {
            var statuses = manager.TryGetStatus(model.Name);
            if (statuses.Count == 0)
            {
                failures.Add($"{{name: {model.Name}}} due to error: NOT_FOUND: no version found under {model.BasePath}, ");
            }
            else if (statuses.All(s => s.State != ServableState.Available))
            {
                failures.AddRange(statuses.Where(s => !s.Status.IsOk).Select(s => $"{{name: {model.Name} version: {s.Version}}} due to error: {s.Status}, "));
            }
        }

        if (failures.Count > 0)
        {
            throw new ServingException(StatusCode.Unknown, $"{failures.Count} servable(s) did not become available: {{{string.Concat(failures)}}}");
        }
    }

    /// <summary>
    /// Lists and reconciles one model; true once it has an available or failed version. A listing that failed is logged
    /// and tried at the next scan, unless <paramref name="throwIfCannotHeal"/> (a model being added) and it never will
    /// work as it is (wrong credentials, a missing bucket): then it is thrown, so start-up or the reload fails with it.
    /// </summary>
    private async Task<bool> ScanAsync(ModelConfig model, CancellationToken cancellationToken, bool throwIfCannotHeal = false)
    {
        IReadOnlyList<VersionDirectory> versions;
        try
        {
            versions = source.ListVersions(model.BasePath);
        }
        catch (Exception e) when (e is IOException || (e is ServingException serving && !(throwIfCannotHeal && serving.Code != StatusCode.Unavailable)))
        {
            ModelsLog.ListFailed(logger, model.Name, e.Message);
            return false;
        }

        if (versions.Count == 0)
        {
            ModelsLog.NoVersions(logger, model.Name, model.BasePath);
        }

        await manager.ReconcileAsync(model.Name, versions, cancellationToken).ConfigureAwait(false);
        return manager.TryGetStatus(model.Name).Count > 0;
    }
}
