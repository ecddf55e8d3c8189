using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.Models.Loading;
using SealServe.Models.Management;
using SealServe.Models.Policies;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Management;

public sealed class ServableManagerTests : IAsyncDisposable
{
    private readonly TempModelRepository repository = new();
    private readonly FakeLoader loader = new();
    private readonly FileSystemModelSource source = new(NullLogger<FileSystemModelSource>.Instance);
    private readonly ModelServingOptions options = new() { MaxNumLoadRetries = 0 };
    private readonly RecordingWarmup warmup = new();
    private readonly ServableManager manager;
    private ModelConfig config;

    public ServableManagerTests()
    {
        manager = new ServableManager(new ModelLoaders([loader]), new PlainModelFiles(), Options.Create(options), TimeProvider.System, NullLogger<ServableManager>.Instance, warmup);
        config = ModelConfig.Create("m", repository.BasePath);
        warmup.IsAvailable = manager.IsAvailable;
    }

    [Fact]
    public async Task Reconcile_NewVersion_LoadsItBeforeUnloadingOld()
    {
        AddVersion("1", "ok");
        await ReconcileAsync();
        using var held = manager.GetHandle(new ServableRequest("m"));

        AddVersion("2", "ok");
        await ReconcileAsync();

        Assert.Equal(2, Latest());
        Assert.Equal(ServableState.Unloading, State(1));

        // The request that started on version 1 still runs on it, and its release ends the unload.
        Assert.False(((FakeServable)held.Servable).Disposed);
        held.Dispose();
        await WaitForAsync(() => State(1) == ServableState.End);
        Assert.True(loader.Loaded.Single(s => s.Version == 1).Disposed);
    }

    [Fact]
    public async Task Reconcile_NewVersionFails_OldKeepsServingAndErrorIsReported()
    {
        AddVersion("1", "ok");
        await ReconcileAsync();

        AddVersion("2", "fail:corrupt graph");
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
        AddVersion("1", "fail:half copied");
        await ReconcileAsync();
        await ReconcileAsync();
        Assert.Equal(ServableState.End, State(1));

        File.WriteAllBytes(Path.Combine(repository.BasePath, "1", FakeLoader.FileName), FakeLoader.Script("ok"));
        File.SetLastWriteTimeUtc(Path.Combine(repository.BasePath, "1", FakeLoader.FileName), DateTime.UtcNow.AddMinutes(1));
        await ReconcileAsync();

        Assert.Equal(ServableState.Available, State(1));
        Assert.True(manager.GetStatus("m", 1).Single().Status.IsOk);
    }

    [Fact]
    public async Task Reconcile_VersionRemoved_UnloadedAndReportedAsEnd()
    {
        AddVersion("1", "ok");
        AddVersion("2", "ok");
        config = config with { Policy = new AllVersionsPolicy() };
        await ReconcileAsync();

        repository.RemoveVersion("2");
        await ReconcileAsync();
        await WaitForAsync(() => State(2) == ServableState.End);

        Assert.Equal(1, Latest());
        Assert.Equal([2L, 1L], manager.GetStatus("m").Select(s => s.Version));
    }

    [Fact]
    public async Task Reconcile_EmptyVersionFolder_SkippedUntilModelArrives()
    {
        Directory.CreateDirectory(Path.Combine(repository.BasePath, "1"));
        await ReconcileAsync();
        Assert.Throws<ServingException>(() => manager.GetStatus("m"));

        File.WriteAllBytes(Path.Combine(repository.BasePath, "1", FakeLoader.FileName), FakeLoader.Script("ok"));
        await ReconcileAsync();

        Assert.Equal(1, Latest());
    }

    [Fact]
    public async Task GetHandle_SpecificAndLabel_ResolveAsTfServing()
    {
        AddVersion("1", "ok");
        AddVersion("2", "ok");
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
        AddVersion("1", "ok");
        await ReconcileAsync();

        Assert.Equal("Could not find any versions of model x", Assert.Throws<ServingException>(() => manager.GetStatus("x")).Message);
        Assert.Equal("Could not find version 9 of model m", Assert.Throws<ServingException>(() => manager.GetStatus("m", 9)).Message);
    }

    [Fact]
    public async Task Reconcile_LoadFailsThenSucceeds_RetriedUpToTheLimit()
    {
        options.MaxNumLoadRetries = 2;
        options.LoadRetryIntervalMicros = 0;
        AddVersion("1", "flaky:2");

        await ReconcileAsync();

        Assert.Equal(ServableState.Available, State(1));
        Assert.Equal(3, loader.Attempts);
    }

    [Fact]
    public async Task Reconcile_LoadKeepsFailing_EndsWithErrorAfterRetries()
    {
        options.MaxNumLoadRetries = 1;
        options.LoadRetryIntervalMicros = 0;
        AddVersion("1", "flaky:5");

        await ReconcileAsync();

        Assert.Equal(ServableState.End, State(1));
        Assert.Equal(2, loader.Attempts);
    }

    [Fact]
    public async Task Reconcile_WarmupFile_ReplayedBeforeAvailable()
    {
        var folder = repository.AddVersion("1", FakeLoader.Script("ok"), FakeLoader.FileName);
        Directory.CreateDirectory(Path.Combine(folder, "assets.extra"));
        File.WriteAllBytes(Path.Combine(folder, ServableManager.WarmupFile), [1, 2, 3]);

        await ReconcileAsync();

        var (model, version, bytes, wasAvailable) = Assert.Single(warmup.Calls);
        Assert.Equal(("m", 1L, false), (model, version, wasAvailable));
        Assert.Equal([1, 2, 3], bytes);
        Assert.Equal(ServableState.Available, State(1));
    }

    [Fact]
    public async Task Reconcile_WarmupFails_LoadFailsAndServableDisposed()
    {
        var folder = repository.AddVersion("1", FakeLoader.Script("ok"), FakeLoader.FileName);
        Directory.CreateDirectory(Path.Combine(folder, "assets.extra"));
        File.WriteAllBytes(Path.Combine(folder, ServableManager.WarmupFile), [0xFF]);
        warmup.Fail = true;

        await ReconcileAsync();

        var status = manager.GetStatus("m", 1).Single();
        Assert.Equal((ServableState.End, "corrupt warmup record"), (status.State, status.Status.Message));
        Assert.True(loader.Loaded.Single().Disposed);
    }

    [Fact]
    public async Task RemoveModel_UnloadsEveryVersionAndKeepsStatus()
    {
        AddVersion("1", "ok");
        await ReconcileAsync();

        await manager.RemoveModelAsync("m", CancellationToken.None);
        await WaitForAsync(() => State(1) == ServableState.End);

        Assert.Throws<ServingException>(() => manager.GetHandle(new ServableRequest("m")));
        Assert.Equal(ServableState.End, Assert.Single(manager.GetStatus("m")).State);
    }

    public async ValueTask DisposeAsync()
    {
        await manager.DisposeAsync();
        repository.Dispose();
    }

    private void AddVersion(string folder, string script) => repository.AddVersion(folder, FakeLoader.Script(script), FakeLoader.FileName);

    private Task ReconcileAsync() => manager.ReconcileAsync(config, source.ListVersions(repository.BasePath), CancellationToken.None);

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

    private static async Task WaitForAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
