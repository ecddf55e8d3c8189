using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Loading;
using SealServe.Models.Management;
using SealServe.Models.Policies;
using SealServe.Models.Sources;

namespace SealServe.Models.Tests.Management;

/// <summary>The manager on an in-memory source, loader and clock: no folders, no sleeping, no polling.</summary>
public sealed class ServableManagerTests : IAsyncDisposable
{
    private const string BasePath = "/fake/m";

    /// <summary>Bounds a wait that must end on its own; reaching it is the test's failure, not a poll.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly FakeModelSource source = new();
    private readonly FakeLoader loader = new();
    private readonly FakeModelFiles files = new();
    private readonly FakeTimeProvider time = new();
    private readonly ModelServingOptions options = new() { MaxNumLoadRetries = 0 };
    private readonly RecordingWarmup warmup = new();
    private readonly ServableManager manager;
    private ModelConfig config = ModelConfig.Create("m", BasePath);

    public ServableManagerTests()
    {
        manager = new ServableManager(new ModelLoaders([loader]), files, source, Options.Create(options), time, NullLogger<ServableManager>.Instance, warmup);
        warmup.IsAvailable = manager.IsAvailable;
    }

    [Fact]
    public async Task Reconcile_NewVersion_LoadsItBeforeUnloadingOld()
    {
        AddVersion(1, "ok");
        await ReconcileAsync();
        using var held = manager.GetHandle(new ServableRequest("m"));

        AddVersion(2, "ok");
        await ReconcileAsync();

        Assert.Equal(2, Latest());
        Assert.Equal(ServableState.Unloading, State(1));

        // The request that started on version 1 still runs on it, and its release ends the unload.
        Assert.False(((FakeServable)held.Servable).Disposed);
        held.Dispose();
        await manager.UnloadsFinishedAsync().WaitAsync(Bound);
        Assert.Equal(ServableState.End, State(1));
        Assert.True(loader.Loaded.Single(s => s.Version == 1).Disposed);
    }

    [Fact]
    public async Task Reconcile_NewVersionFails_OldKeepsServingAndErrorIsReported()
    {
        AddVersion(1, "ok");
        await ReconcileAsync();

        AddVersion(2, "fail:corrupt graph");
        await ReconcileAsync();

        Assert.Equal(1, Latest());
        var failed = manager.GetStatus("m", 2).Single();
        Assert.Equal(ServableState.End, failed.State);
        Assert.Equal(new ServingStatus(StatusCode.InvalidArgument, "corrupt graph"), failed.Status);
        Assert.Equal(ServableState.Available, State(1));
    }

    [Fact]
    public async Task Reconcile_FailedFolderChanges_LoadIsRetried()
    {
        AddVersion(1, "fail:half copied");
        await ReconcileAsync();
        await ReconcileAsync();
        Assert.Equal(ServableState.End, State(1));
        Assert.Equal(1, loader.Attempts(Folder(1)));

        loader.Script(Folder(1), "ok");
        source.Touch(1);
        await ReconcileAsync();

        Assert.Equal(ServableState.Available, State(1));
        Assert.True(manager.GetStatus("m", 1).Single().Status.IsOk);
    }

    [Fact]
    public async Task Reconcile_VersionRemoved_UnloadedAndReportedAsEnd()
    {
        AddVersion(1, "ok");
        AddVersion(2, "ok");
        config = config with { Policy = new AllVersionsPolicy() };
        await ReconcileAsync();

        source.Remove(2);
        await ReconcileAsync();
        await manager.UnloadsFinishedAsync().WaitAsync(Bound);

        Assert.Equal(1, Latest());
        Assert.Equal([2L, 1L], manager.GetStatus("m").Select(s => s.Version));
        Assert.Equal(ServableState.End, State(2));
    }

    [Fact]
    public async Task Reconcile_EmptyVersionFolder_SkippedUntilModelArrives()
    {
        source.Add(1);
        await ReconcileAsync();
        Assert.Throws<ServingException>(() => manager.GetStatus("m"));

        loader.Script(Folder(1), "ok");
        await ReconcileAsync();

        Assert.Equal(1, Latest());
    }

    [Fact]
    public async Task GetHandle_SpecificAndLabel_ResolveAsTfServing()
    {
        AddVersion(1, "ok");
        AddVersion(2, "ok");
        config = config with { Policy = new AllVersionsPolicy(), VersionLabels = new Dictionary<string, long> { ["stable"] = 1 } };
        await ReconcileAsync();

        using (var specific = manager.GetHandle(new ServableRequest("m", Version: 1)))
        {
            Assert.Equal(1, specific.Version);
        }

        using (var labelled = manager.GetHandle(new ServableRequest("m", Label: "stable")))
        {
            Assert.Equal(1, labelled.Version);
        }

        Assert.Equal("Unrecognized servable version label: canary", Assert.Throws<ServingException>(() => manager.GetHandle(new ServableRequest("m", Label: "canary"))).Message);
        Assert.Equal("Servable not found for request: Specific(m, 3)", Assert.Throws<ServingException>(() => manager.GetHandle(new ServableRequest("m", Version: 3))).Message);
        var unknown = Assert.Throws<ServingException>(() => manager.GetHandle(new ServableRequest("other")));
        Assert.Equal((StatusCode.NotFound, "Servable not found for request: Latest(other)"), (unknown.Code, unknown.Message));
    }

    [Fact]
    public async Task GetStatus_UnknownModelOrVersion_NotFoundWithTfServingText()
    {
        AddVersion(1, "ok");
        await ReconcileAsync();

        Assert.Equal("Could not find any versions of model x", Assert.Throws<ServingException>(() => manager.GetStatus("x")).Message);
        Assert.Equal("Could not find version 9 of model m", Assert.Throws<ServingException>(() => manager.GetStatus("m", 9)).Message);
    }

    [Fact]
    public async Task Reconcile_IoErrorThenSuccess_RetriedUpToTheLimit()
    {
        options.MaxNumLoadRetries = 2;
        options.LoadRetryIntervalMicros = 0;
        AddVersion(1, "io:2");

        await ReconcileAsync();

        Assert.Equal(ServableState.Available, State(1));
        Assert.Equal(3, loader.Attempts(Folder(1)));
    }

    [Fact]
    public async Task Reconcile_IoErrorKeepsFailing_EndsWithErrorAfterRetries()
    {
        options.MaxNumLoadRetries = 1;
        options.LoadRetryIntervalMicros = 0;
        AddVersion(1, "io:5");

        await ReconcileAsync();

        Assert.Equal(ServableState.End, State(1));
        Assert.Equal(2, loader.Attempts(Folder(1)));
        Assert.Contains("storage not ready", manager.GetStatus("m", 1).Single().Status.Message);
    }

    [Fact]
    public async Task Reconcile_ErrorThatCannotHeal_FailsAtOnceWithTheReason()
    {
        // TF Serving's defaults: 5 retries a minute apart. A wrong key fails the same way each time.
        options.MaxNumLoadRetries = 5;
        options.LoadRetryIntervalMicros = 60_000_000;
        AddVersion(1, "fail:sealed with key 0f3a6c2b9d8e7f10, which is not among the configured keys");

        await ReconcileAsync().WaitAsync(Bound);

        var status = manager.GetStatus("m", 1).Single();
        Assert.Equal((ServableState.End, StatusCode.InvalidArgument), (status.State, status.Status.Code));
        Assert.Contains("not among the configured keys", status.Status.Message);
        Assert.Equal(1, loader.Attempts(Folder(1)));
    }

    [Fact]
    public async Task Reconcile_RetryPending_StatusShowsLoadingWithTheReason()
    {
        options.MaxNumLoadRetries = 1;
        options.LoadRetryIntervalMicros = 0;
        options.ModelLoadTimeoutSeconds = 30;
        AddVersion(1, "iohang:1");

        var reconcile = ReconcileAsync();
        await loader.Hanging.WaitAsync(Bound);

        var retrying = manager.GetStatus("m", 1).Single();
        Assert.Equal(ServableState.Loading, retrying.State);
        Assert.Contains("attempt 1: storage not ready", retrying.Status.Message);
        time.Advance(TimeSpan.FromSeconds(30));
        await reconcile.WaitAsync(Bound);
        Assert.Equal(StatusCode.DeadlineExceeded, manager.GetStatus("m", 1).Single().Status.Code);
    }

    [Fact]
    public async Task Reconcile_LoadHangs_FailsAfterTheTimeoutWhileOtherModelsLoad()
    {
        options.ModelLoadTimeoutSeconds = 30;
        options.MaxNumLoadRetries = 5;
        manager.EndInitialLoads();
        AddVersion(1, "hang");
        var hung = ReconcileAsync();
        await loader.Hanging.WaitAsync(Bound);

        // Another model loads and serves while the first is stuck in a read.
        var other = ModelConfig.Create("n", "/fake/n");
        loader.Script(FakeModelSource.Directory("/fake/n", 7), "ok");
        await manager.ReconcileAsync(other, [FakeModelSource.Directory("/fake/n", 7)], CancellationToken.None).WaitAsync(Bound);
        Assert.True(manager.IsAvailable("n", 7));
        Assert.Equal(ServableState.Loading, State(1));

        time.Advance(TimeSpan.FromSeconds(30));
        await hung.WaitAsync(Bound);

        var status = manager.GetStatus("m", 1).Single();
        Assert.Equal((ServableState.End, StatusCode.DeadlineExceeded), (status.State, status.Status.Code));
        Assert.Contains("--model_load_timeout_s", status.Status.Message);
        Assert.Equal(1, loader.Attempts(Folder(1)));
        loader.Unblock();
    }

    [Fact]
    public async Task RemoveModel_WhileLoadHangs_LoadCancelledNotLeftLoading()
    {
        AddVersion(1, "hang");
        var hung = ReconcileAsync();
        await loader.Hanging.WaitAsync(Bound);

        await manager.RemoveModelAsync("m", CancellationToken.None).WaitAsync(Bound);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung.WaitAsync(Bound));
        var status = manager.GetStatus("m", 1).Single();
        Assert.Equal((ServableState.End, StatusCode.Cancelled), (status.State, status.Status.Code));

        // Listed again later, the version loads again (a cancellation is no verdict on its files).
        loader.Script(Folder(1), "ok");
        await ReconcileAsync().WaitAsync(Bound);
        Assert.Equal(ServableState.Available, State(1));
        loader.Unblock();
    }

    [Fact]
    public async Task Dispose_WhileLoadHangs_DoesNotWaitForTheRead()
    {
        AddVersion(1, "hang");
        var hung = ReconcileAsync();
        await loader.Hanging.WaitAsync(Bound);

        await manager.DisposeAsync().AsTask().WaitAsync(Bound);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hung.WaitAsync(Bound));
        loader.Unblock();
    }

    [Fact]
    public async Task Status_ManyVersionsOverTime_KeepsABoundedHistory()
    {
        for (var version = 1; version <= 40; version++)
        {
            AddVersion(version, version % 3 == 0 ? "fail:bad" : "ok");
            await ReconcileAsync();
            source.Remove(version - 1);
            await manager.UnloadsFinishedAsync().WaitAsync(Bound);
        }

        var statuses = manager.GetStatus("m");
        // Ended versions are forgotten when a new one arrives: the bound, plus the one still unloading then, the present and the next.
        Assert.InRange(statuses.Count, 2, ManagedModel.MaxEndedVersions + 3);
        Assert.Equal(40, statuses[0].Version);
    }

    [Fact]
    public async Task Reconcile_WarmupFile_ReplayedBeforeAvailable()
    {
        AddVersion(1, "ok");
        files.Files[$"{BasePath}/1/{ServableManager.WarmupFile}"] = [1, 2, 3];

        await ReconcileAsync();

        var (model, version, bytes, wasAvailable) = Assert.Single(warmup.Calls);
        Assert.Equal(("m", 1L, false), (model, version, wasAvailable));
        Assert.Equal([1, 2, 3], bytes);
        Assert.Equal(ServableState.Available, State(1));
    }

    [Fact]
    public async Task Reconcile_WarmupFails_LoadFailsAndServableDisposed()
    {
        AddVersion(1, "ok");
        files.Files[$"{BasePath}/1/{ServableManager.WarmupFile}"] = [0xFF];
        warmup.Fail = true;

        await ReconcileAsync();

        var status = manager.GetStatus("m", 1).Single();
        Assert.Equal((ServableState.End, "corrupt warmup record"), (status.State, status.Status.Message));
        Assert.True(loader.Loaded.Single().Disposed);
    }

    [Fact]
    public async Task RemoveModel_UnloadsEveryVersionAndKeepsStatus()
    {
        AddVersion(1, "ok");
        await ReconcileAsync();

        await manager.RemoveModelAsync("m", CancellationToken.None);
        await manager.UnloadsFinishedAsync().WaitAsync(Bound);

        Assert.Throws<ServingException>(() => manager.GetHandle(new ServableRequest("m")));
        Assert.Equal(ServableState.End, Assert.Single(manager.GetStatus("m")).State);
    }

    public async ValueTask DisposeAsync()
    {
        loader.Unblock();
        await manager.DisposeAsync();
    }

    private static VersionDirectory Folder(long version) => FakeModelSource.Directory(BasePath, version);

    private void AddVersion(long version, string script)
    {
        source.Add(version);
        loader.Script(Folder(version), script);
    }

    private Task ReconcileAsync() => manager.ReconcileAsync(config, source.ListVersions(BasePath), CancellationToken.None);

    private long Latest()
    {
        using var handle = manager.GetHandle(new ServableRequest("m"));
        return handle.Version;
    }

    private ServableState State(long version) => manager.GetStatus("m", version).Single().State;

    private sealed class RecordingWarmup : IServableWarmup
    {
        public List<(string Model, long Version, byte[] Bytes, bool WasAvailable)> Calls { get; } = [];

        public bool Fail { get; set; }

        /// <summary>Asks the manager whether the version already serves while it warms up.</summary>
        public Func<string, long, bool> IsAvailable { get; set; } = (_, _) => false;

        public Task WarmUpAsync(string modelName, long version, IServable servable, ReadOnlyMemory<byte> warmupFile, string path, CancellationToken cancellationToken)
        {
            Calls.Add((modelName, version, warmupFile.ToArray(), IsAvailable(modelName, version)));
            return Fail ? throw ServingException.InvalidArgument("corrupt warmup record") : Task.CompletedTask;
        }
    }
}
