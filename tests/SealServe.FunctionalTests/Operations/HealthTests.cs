using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SealServe.Models;
using SealServe.Models.Management;
using SealServe.Server.Monitoring;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace SealServe.FunctionalTests.Operations;

/// <summary>Health: the REST probes and grpc.health.v1 follow start-up, model availability and draining.</summary>
public sealed class HealthTests
{
    private static readonly string DemoModel = Path.Combine(RepositoryRoot.Path, "examples", "half_plus_two");

    [Fact]
    public async Task Health_Started_ServingOnRestAndEveryGrpcServiceName()
    {
        await using var server = await StartAsync();

        using var live = await server.Http.GetAsync("/v1/health/live");
        using var ready = await server.Http.GetAsync("/v1/health/ready");

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("{\"status\":\"SERVING\"}", await ready.Content.ReadAsStringAsync());
        foreach (var service in new[] { string.Empty, "tensorflow.serving.PredictionService", "tensorflow.serving.ModelService", "PredictionService" })
        {
            Assert.Equal(ServingStatus.Serving, (await server.Health.CheckAsync(new HealthCheckRequest { Service = service })).Status);
        }

        var unknown = await Assert.ThrowsAsync<RpcException>(async () => await server.Health.CheckAsync(new HealthCheckRequest { Service = "nope" }));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Health_ConfiguredModelWithoutAvailableVersion_NotReadyNamingIt()
    {
        using var broken = new TempModelRepository();
        broken.AddVersion("1", [0x08, 0x01, 0xFF, 0xFF]);
        await using var server = await StartAsync();
        var config = new Tensorflow.Serving.ModelServerConfig { ModelConfigList = new Tensorflow.Serving.ModelConfigList() };
        config.ModelConfigList.Config.Add(new Tensorflow.Serving.ModelConfig { Name = "half_plus_two", BasePath = DemoModel, ModelPlatform = "tensorflow" });
        config.ModelConfigList.Config.Add(new Tensorflow.Serving.ModelConfig { Name = "broken", BasePath = broken.BasePath, ModelPlatform = "tensorflow" });
        var reload = await Assert.ThrowsAsync<RpcException>(async () => await server.Models.HandleReloadConfigRequestAsync(new Tensorflow.Serving.ReloadConfigRequest { Config = config }));
        Assert.Contains("broken", reload.Status.Detail, StringComparison.Ordinal);

        using var ready = await server.Http.GetAsync("/v1/health/ready");
        using var live = await server.Http.GetAsync("/v1/health/live");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("{\"status\":\"NOT_SERVING\",\"reason\":\"no AVAILABLE version of model(s) broken\"}", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(ServingStatus.NotServing, (await server.Health.CheckAsync(new HealthCheckRequest())).Status);
    }

    [Fact]
    public async Task Health_Draining_WatchGetsNotServing()
    {
        await using var server = await StartAsync();
        using var watch = server.Health.Watch(new HealthCheckRequest());
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(ServingStatus.Serving, watch.ResponseStream.Current.Status);

        var stopping = server.StopAsync();
        Assert.True(await watch.ResponseStream.MoveNext(CancellationToken.None));
        var status = watch.ResponseStream.Current.Status;
        await stopping.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ServingStatus.NotServing, status);
    }

    [Fact]
    public async Task Health_BeforeInitialLoad_NotServing()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        var options = new ModelServingOptions();
        options.Models.Add(ModelConfig.Create("half_plus_two", repository.BasePath));
        var services = new ServiceCollection().AddLogging().AddSingleton<IHostApplicationLifetime, Lifetime>().AddSealServeModels(options).BuildServiceProvider();
        await using var _ = services;
        var health = new ServingHealth(services.GetRequiredService<ServableManager>(), services.GetRequiredService<ModelRepositoryWatcher>(), services.GetRequiredService<IHostApplicationLifetime>());
        var watcher = services.GetRequiredService<ModelRepositoryWatcher>();

        var before = health.Check();
        await watcher.StartAsync(CancellationToken.None);
        health.MarkStarted();
        var after = health.Check();
        await watcher.StopAsync(CancellationToken.None);

        Assert.Equal((false, "starting: the initial models are loading"), before);
        Assert.Equal((true, string.Empty), after);
    }

    [Fact]
    public async Task Health_GrpcServiceNotEnabled_Unimplemented()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await using var server = await TestServer.StartAsync("half_plus_two", repository.BasePath);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Health.CheckAsync(new HealthCheckRequest()));

        Assert.Equal(StatusCode.Unimplemented, error.StatusCode);
    }

    private static Task<TestServer> StartAsync() =>
        TestServer.StartAsync([ModelConfig.Create("half_plus_two", DemoModel)], options => options.EnableGrpcHealthCheck = true);

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
