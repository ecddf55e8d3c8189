using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SealServe.Core.Diagnostics;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Diagnostics;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.Models.Management;

/// <summary>
/// Loads, serves and unloads model versions. Changes are availability-preserving: a new version is
/// loaded and AVAILABLE before an old one starts unloading, and an unloading version is released only
/// when the last request holding it finishes. A version that fails to load is kept in status with its
/// error, and whatever was serving keeps serving. Each model loads one version at a time and models
/// load independently: a load blocked in I/O holds up its own model only, until <c>--model_load_timeout_s</c>.
/// </summary>
public sealed class ServableManager(
    ModelLoaders loaders,
    IModelFiles files,
    IModelSource source,
    IOptions<ModelServingOptions> options,
    TimeProvider time,
    ILogger<ServableManager> logger,
    IServableWarmup? warmup = null,
    ModelsMetrics? metrics = null,
    ILoggerFactory? loggers = null) : IAsyncDisposable
{
    /// <summary>Where TF Serving looks for warmup requests, relative to the version folder.</summary>
    public const string WarmupFile = "assets.extra/tf_serving_warmup_requests";

    private readonly ModelServingOptions options = options.Value;
    private readonly ILogger audit = loggers?.CreateLogger(Audit.Category) ?? NullLogger.Instance;
    private readonly ConcurrentDictionary<string, ManagedModel> models = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Task, bool> unloads = new();
    private readonly SemaphoreSlim unloadSlots = new(Math.Max(1, options.Value.NumUnloadThreads));
    private volatile SemaphoreSlim? loadSlots = new(Math.Max(1, options.Value.NumInitialLoadThreads));

    /// <summary>Names of the models ever configured.</summary>
    public IReadOnlyCollection<string> ModelNames => models.Keys.ToArray();

    /// <summary>The base paths of every model ever configured (their versions' status may name files under them).</summary>
    public IReadOnlyCollection<string> BasePaths => models.Values.Select(m => m.Config.BasePath).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Sets a model's config (policy, labels) at once, for requests and for its next reconcile.</summary>
    public void Configure(ModelConfig config) =>
        models.GetOrAdd(config.Name, _ => new ManagedModel(config)).Config = config;

    /// <summary>Configures the model, then brings it in line with <paramref name="present"/> (see the other overload).</summary>
    public Task ReconcileAsync(ModelConfig config, IReadOnlyList<VersionDirectory> present, CancellationToken cancellationToken)
    {
        Configure(config);
        return ReconcileAsync(config.Name, present, cancellationToken);
    }

    /// <summary>
    /// Brings a configured model in line with its config (read once this reconcile's turn comes, so it is never stale)
    /// and the versions present in storage: loads aspired versions (highest first, awaiting each), then unloads
    /// versions no longer aspired once an aspired one is available (or when no version is aspired at all). Throws
    /// <see cref="OperationCanceledException"/> when cancelled or when the model is removed meanwhile.
    /// </summary>
    public async Task ReconcileAsync(string modelName, IReadOnlyList<VersionDirectory> present, CancellationToken cancellationToken)
    {
        var model = models[modelName];
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, model.LoadCancellation);
        await model.Gate.WaitAsync(cancel.Token).ConfigureAwait(false);
        try
        {
            var config = model.Config;
            var presentVersions = present.Select(d => d.Version).ToHashSet();
            var loadable = present.Where(d => IsLoadable(model, d)).ToArray();
            var aspired = config.Policy.SelectAspired(loadable.Select(d => d.Version).ToArray()).ToHashSet();
            foreach (var directory in loadable.Where(d => aspired.Contains(d.Version)).OrderByDescending(d => d.Version))
            {
                if (NeedsLoad(model.Find(directory.Version), directory))
                {
                    await LoadAsync(model, directory, presentVersions, cancel.Token).ConfigureAwait(false);
                }
            }

            var ready = model.Ready;
            var aspiredAvailable = ready.Any(v => aspired.Contains(v.Version));
            foreach (var version in ready.Where(v => !aspired.Contains(v.Version)))
            {
                if (aspiredAvailable || aspired.Count == 0)
                {
                    Unload(model, version);
                }
            }
        }
        finally
        {
            model.Gate.Release();
        }
    }

    /// <summary>
    /// Start-up is over: from now on at most <c>--num_load_threads</c> loads run at once across models, or, when it
    /// is 0, each model loads one version at a time without waiting for other models (TF Serving loads faster only at start).
    /// </summary>
    public void EndInitialLoads() => loadSlots = options.NumLoadThreads > 0 ? new SemaphoreSlim(options.NumLoadThreads) : null;

    /// <summary>
    /// A model left the config: its load in progress is cancelled, every version unloads (requests in flight finish
    /// first); its status stays, with END entries, as in TF Serving.
    /// </summary>
    public async Task RemoveModelAsync(string modelName, CancellationToken cancellationToken)
    {
        if (!models.TryGetValue(modelName, out var model))
        {
            return;
        }

        await model.CancelLoadsAsync().ConfigureAwait(false);
        await model.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var version in model.Ready)
            {
                Unload(model, version);
            }
        }
        finally
        {
            model.Gate.Release();
        }
    }

    /// <summary>True when the version is loaded and serving.</summary>
    public bool IsAvailable(string modelName, long version) =>
        models.TryGetValue(modelName, out var model) && model.Ready.Any(v => v.Version == version);

    /// <summary>Opens a handle on the version a request asks for; throws NOT_FOUND / INVALID_ARGUMENT as TF Serving does.</summary>
    public ServableHandle GetHandle(ServableRequest request)
    {
        if (string.IsNullOrEmpty(request.Name))
        {
            throw ServingException.InvalidArgument("ModelSpec has no name specified.");
        }

        if (!models.TryGetValue(request.Name, out var model))
        {
            throw ServingException.NotFound($"Servable not found for request: {request}");
        }

        if (request.Label is { } label)
        {
            if (!model.Config.VersionLabels.TryGetValue(label, out var labelled))
            {
                throw ServingException.InvalidArgument($"Unrecognized servable version label: {label}");
            }

            request = request with { Version = labelled, Label = null };
        }

        foreach (var version in model.Ready)
        {
            if ((request.Version is null || request.Version == version.Version) && version.TryAcquire())
            {
                return new ServableHandle(request.Name, version);
            }
        }

        throw ServingException.NotFound($"Servable not found for request: {request}");
    }

    /// <summary>How many versions of each model are in each state (<c>AVAILABLE</c>, ...), for metrics.</summary>
    public IEnumerable<(string ModelName, string State, int Count)> CountVersions() => models.Values
        .SelectMany(m => m.All().GroupBy(v => v.State).Select(g => (m.Config.Name, g.Key.ToString().ToUpperInvariant(), g.Count())));

    /// <summary>Status of every version ever managed (highest first); empty for a model never seen.</summary>
    public IReadOnlyList<ModelVersionStatus> TryGetStatus(string modelName) =>
        models.TryGetValue(modelName, out var model) ? model.All().Select(v => v.Snapshot()).ToArray() : [];

    /// <summary>Status of every version ever managed (highest first), or of one version.</summary>
    public IReadOnlyList<ModelVersionStatus> GetStatus(string modelName, long? version = null)
    {
        if (string.IsNullOrEmpty(modelName))
        {
            throw ServingException.InvalidArgument("ModelSpec has no name specified.");
        }

        if (!models.TryGetValue(modelName, out var model) || model.All() is not { Length: > 0 } all)
        {
            throw ServingException.NotFound($"Could not find any versions of model {modelName}");
        }

        if (version is null)
        {
            return all.Select(v => v.Snapshot()).ToArray();
        }

        return all.FirstOrDefault(v => v.Version == version) is { } found
            ? [found.Snapshot()]
            : throw ServingException.NotFound($"Could not find version {version} of model {modelName}");
    }

    /// <summary>Unloads every version, waiting for requests in flight (graceful shutdown).</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var model in models.Values)
        {
            // A load blocked in a read must not hold up shutdown: it is left behind.
            await model.CancelLoadsAsync().ConfigureAwait(false);
            foreach (var version in model.Ready)
            {
                Unload(model, version);
            }
        }

        await UnloadsFinishedAsync().ConfigureAwait(false);
    }

    /// <summary>Completes when every unload begun so far has released its servable.</summary>
    internal Task UnloadsFinishedAsync() => Task.WhenAll(unloads.Keys);

    private bool IsLoadable(ManagedModel model, VersionDirectory directory)
    {
        if (loaders.Find(directory) is not null || model.Find(directory.Version) is not null)
        {
            return true;
        }

        if (model.WarnedEmpty.Add(directory.Path))
        {
            ModelsLog.NoModelFile(logger, model.Config.Name, directory.Path);
        }

        return false;
    }

    private bool NeedsLoad(ManagedVersion? existing, VersionDirectory directory) => existing switch
    {
        null => true,
        { State: ServableState.Start or ServableState.Loading or ServableState.Available or ServableState.Unloading } => false,

        // Failed: try again only once the folder has changed (e.g. a copy that was still in progress).
        { FailedFingerprint: { } failed } => failed != source.Fingerprint(directory),

        // Unloaded (or its load cancelled) earlier and aspired again.
        _ => true,
    };

    private async Task LoadAsync(ManagedModel model, VersionDirectory directory, IReadOnlySet<long> present, CancellationToken cancellationToken)
    {
        var version = new ManagedVersion(directory);
        model.Put(version, present);
        var fingerprint = source.Fingerprint(directory);
        var loader = loaders.Find(directory);
        if (loader is null)
        {
            Fail(model, version, new ServingStatus(StatusCode.NotFound, $"No model file found in {directory.Path}"), fingerprint);
            return;
        }

        var slots = loadSlots;
        try
        {
            if (slots is not null)
            {
                await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }

            try
            {
                version.Transition(ServableState.Loading);
                await LoadWithRetriesAsync(model, version, loader, fingerprint, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots?.Release();
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not a verdict on the files: no fingerprint, so the version is tried again if it is aspired again.
            Fail(model, version, new ServingStatus(StatusCode.Cancelled, "Loading was cancelled: the model was removed or the server is stopping"), fingerprint: null);
            throw;
        }
    }

    private async Task LoadWithRetriesAsync(ManagedModel model, ManagedVersion version, IModelLoader loader, string fingerprint, CancellationToken cancellationToken)
    {
        var directory = version.Directory;
        for (var attempt = 0; ; attempt++)
        {
            ModelsLog.Loading(logger, model.Config.Name, directory.Version, loader.Format, directory.Path);
            var started = Stopwatch.GetTimestamp();
            try
            {
                var servable = await LoadOnceAsync(model.Config.Name, loader, directory, cancellationToken).ConfigureAwait(false);
                version.Transition(ServableState.Available, servable, format: loader.Format);
                model.PublishReady();
                metrics?.RecordLoad(model.Config.Name, loader.Format, StatusCode.Ok, started);
                ModelsLog.Loaded(logger, model.Config.Name, directory.Version, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                ModelsAudit.Loaded(audit, model.Config.Name, directory.Version, directory.Path);
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                var status = e is ServingException serving ? serving.Status : new ServingStatus(StatusCode.Unknown, $"Failed to load {directory.Path}: {e.Message}");
                metrics?.RecordLoad(model.Config.Name, loader.Format, status.Code, started);
                if (!LoadFailures.MayHeal(e) || attempt >= options.MaxNumLoadRetries)
                {
                    Fail(model, version, status, fingerprint);
                    return;
                }

                // Status shows the reason while the version waits for its next attempt.
                version.Transition(ServableState.Loading, error: status);
                ModelsLog.LoadRetry(logger, model.Config.Name, directory.Version, attempt + 1, options.MaxNumLoadRetries, status.Message);
                if (options.LoadRetryIntervalMicros > 0)
                {
                    await Task.Delay(TimeSpan.FromMicroseconds(options.LoadRetryIntervalMicros), time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>
    /// One load and warmup on the thread pool, abandoned (not awaited) when it outlives <c>--model_load_timeout_s</c> or the
    /// cancellation: a read blocked on a FIFO or a hung network mount cannot be interrupted, so the version fails with the
    /// reason, and whatever the load produces should it ever finish is released.
    /// </summary>
    private async Task<IServable> LoadOnceAsync(string modelName, IModelLoader loader, VersionDirectory directory, CancellationToken cancellationToken)
    {
        // The deadline exists before the load starts, so a clock that is advanced meanwhile (tests) cannot miss it.
        using var stopDeadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var timeout = options.ModelLoadTimeoutSeconds > 0 ? TimeSpan.FromSeconds(options.ModelLoadTimeoutSeconds) : Timeout.InfiniteTimeSpan;
        var deadline = Task.Delay(timeout, time, stopDeadline.Token);
        var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var load = Task.Run(() => LoadAndWarmUpAsync(modelName, loader, directory, attempt.Token), CancellationToken.None);
        if (await Task.WhenAny(load, deadline).ConfigureAwait(false) == load)
        {
            await stopDeadline.CancelAsync().ConfigureAwait(false);
            attempt.Dispose();
            return await load.ConfigureAwait(false);
        }

        await attempt.CancelAsync().ConfigureAwait(false);
        _ = load.ContinueWith(
            t =>
            {
                attempt.Dispose();
                if (t.IsCompletedSuccessfully)
                {
                    t.Result.Dispose();
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.None,
            TaskScheduler.Default);
        cancellationToken.ThrowIfCancellationRequested();
        throw new ServingException(
            StatusCode.DeadlineExceeded,
            $"Loading {directory.Path} did not finish within {options.ModelLoadTimeoutSeconds} s (--model_load_timeout_s): a model file may be blocked in a read");
    }

    private async Task<IServable> LoadAndWarmUpAsync(string modelName, IModelLoader loader, VersionDirectory directory, CancellationToken cancellationToken)
    {
        // Opening checks a sealed version against its manifest; whatever the loader and warmup leave unread is
        // authenticated last, so a version serves only if every file of it is what was sealed.
        var versionFiles = files.Open(directory.Files);
        var servable = loader.Load(directory, versionFiles, cancellationToken);
        try
        {
            (servable as IMeasuredOnLoad)?.MeasureOnLoad(modelName, directory.Version, cancellationToken);
            if (warmup is not null && options.EnableModelWarmup && versionFiles.Exists(WarmupFile))
            {
                using (var records = versionFiles.ReadAll(WarmupFile))
                {
                    await warmup.WarmUpAsync(modelName, directory.Version, servable, records.Bytes, Path.Combine(directory.Path, WarmupFile), cancellationToken).ConfigureAwait(false);
                }
            }

            versionFiles.VerifyUnread(cancellationToken);
            return servable;
        }
        catch
        {
            servable.Dispose();
            throw;
        }
    }

    private void Fail(ManagedModel model, ManagedVersion version, ServingStatus status, string? fingerprint)
    {
        version.Transition(ServableState.End, error: status, fingerprint: fingerprint);
        ModelsLog.LoadFailed(logger, model.Config.Name, version.Version, status.Message);
        ModelsAudit.LoadFailed(audit, model.Config.Name, version.Version, version.Directory.Path, status.Message);
    }

    private void Unload(ManagedModel model, ManagedVersion version)
    {
        ModelsLog.Unloading(logger, model.Config.Name, version.Version);
        version.Transition(ServableState.Unloading);
        model.PublishReady();
        var task = FinishUnloadAsync(model.Config.Name, version);
        unloads.TryAdd(task, true);
        _ = task.ContinueWith(t => unloads.TryRemove(t, out _), TaskScheduler.Default);
    }

    private async Task FinishUnloadAsync(string modelName, ManagedVersion version)
    {
        await version.Drained.ConfigureAwait(false);
        await unloadSlots.WaitAsync().ConfigureAwait(false);
        try
        {
            version.Servable?.Dispose();
        }
        finally
        {
            unloadSlots.Release();
        }

        version.Transition(ServableState.End);
        metrics?.RecordUnload(modelName, version.Format);
        ModelsLog.Unloaded(logger, modelName, version.Version);
        ModelsAudit.Unloaded(audit, modelName, version.Version);
    }
}
