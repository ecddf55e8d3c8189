using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Diagnostics;
using SealServe.Models.Sources;

namespace SealServe.Models.Management;

/// <summary>
/// Scans every model's base path and hands what it finds to the <see cref="ServableManager"/>.
/// Start-up waits, as TensorFlow Serving does, until every model has its aspired versions loaded,
/// and fails when a model's versions all failed; afterwards it rescans every poll interval.
/// </summary>
public sealed class ModelRepositoryWatcher(
    ServableManager manager,
    IModelSource source,
    IOptions<ModelServingOptions> options,
    TimeProvider time,
    ILogger<ModelRepositoryWatcher> logger) : BackgroundService
{
    private readonly ModelServingOptions options = options.Value;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var pending = options.Models.ToList();
        while (true)
        {
            foreach (var model in pending.ToArray())
            {
                if (await ScanAsync(model, cancellationToken).ConfigureAwait(false))
                {
                    pending.Remove(model);
                }
            }

            if (pending.Count == 0)
            {
                break;
            }

            // TF Serving waits for the first version of every model before it opens its ports.
            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, options.FileSystemPollWaitSeconds)), time, cancellationToken).ConfigureAwait(false);
        }

        // Like TF Serving, refuse to start when a model has no version that loaded.
        var failures = options.Models
            .Select(m => (m.Name, Statuses: manager.GetStatus(m.Name)))
            .Where(m => m.Statuses.All(s => s.State != ServableState.Available))
            .SelectMany(m => m.Statuses.Where(s => !s.Status.IsOk).Select(s => $"{{name: {m.Name} version: {s.Version}}} due to error: {s.Status}, "))
            .ToArray();
        if (failures.Length > 0)
        {
            throw new ServingException(StatusCode.Unknown, $"{failures.Length} servable(s) did not become available: {{{string.Concat(failures)}}}");
        }

        await base.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.FileSystemPollWaitSeconds <= 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.FileSystemPollWaitSeconds), time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            foreach (var model in options.Models)
            {
                await ScanAsync(model, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Lists and reconciles one model; true once it has an available or failed version.</summary>
    private async Task<bool> ScanAsync(ModelConfig model, CancellationToken cancellationToken)
    {
        IReadOnlyList<VersionDirectory> versions;
        try
        {
            versions = source.ListVersions(model.BasePath);
        }
        catch (IOException e)
        {
            ModelsLog.ListFailed(logger, model.Name, e.Message);
            return false;
        }

        if (versions.Count == 0)
        {
            ModelsLog.NoVersions(logger, model.Name, model.BasePath);
        }

        await manager.ReconcileAsync(model, versions, cancellationToken).ConfigureAwait(false);
        try
        {
            return manager.GetStatus(model.Name).Count > 0;
        }
        catch (ServingException)
        {
            return false;
        }
    }
}
