using System.Diagnostics;
using System.Net;
using System.Text.Json;
using SealServe.Models.Config;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;
using ProtoModelConfig = Tensorflow.Serving.ModelConfig;
using ProtoModelServerConfig = Tensorflow.Serving.ModelServerConfig;

namespace SealServe.FunctionalTests.HostileInput;

/// <summary>
/// A version whose <c>model.onnx</c> is a FIFO nobody writes to: its read never finishes, as on a stuck NFS or FUSE
/// mount (issue 14, defect 5). Other models keep updating, reloads answer, the version fails after
/// <c>--model_load_timeout_s</c>, and shutdown does not wait for the read.
/// </summary>
public sealed class HungLoadTests : IAsyncDisposable
{
    private readonly TempModelRepository healthy = new();
    private readonly TempModelRepository stuck = new();
    private readonly List<string> fifos = [];

    [Fact]
    public async Task HungLoad_OtherModelUpdatesReloadAnswers_ThenVersionFailsWithTheReason()
    {
        healthy.AddVersion("1", TestModels.HalfPlusTwo());
        stuck.AddVersion("1", TestModels.AffineModel("stuck", 1f, 0f));
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("healthy", healthy.BasePath), ModelConfig.Create("stuck", stuck.BasePath)],
            configureModels: models => { models.ModelLoadTimeoutSeconds = 4; models.MaxNumLoadRetries = 5; });

        AddFifoVersion(stuck, "2");
        await Task.Delay(1500, TestContext.Current.CancellationToken);
        healthy.AddVersion("2", TestModels.AffineModel("half_plus_two", 1f, 10f));

        // The healthy model's new version arrives while the other model's load hangs.
        Assert.True(await EventuallyAsync(async () => await StateAsync(server, "healthy", 2) == "AVAILABLE", TimeSpan.FromSeconds(3)));
        Assert.Equal("LOADING", await StateAsync(server, "stuck", 2));

        var clock = Stopwatch.StartNew();
        var reply = await server.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest { Config = Config(("healthy", healthy.BasePath), ("stuck", stuck.BasePath)) }, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Tensorflow.Error.Code.Ok, reply.Status.ErrorCode);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"reload took {clock.Elapsed}");

        // After the timeout: failed with the reason, at once (no retries), and version 1 still serves.
        Assert.True(await EventuallyAsync(async () => await StateAsync(server, "stuck", 2) == "END", TimeSpan.FromSeconds(8)));
        var status = await server.Http.GetStringAsync("/v1/models/stuck/versions/2", TestContext.Current.CancellationToken);
        Assert.Contains("DEADLINE_EXCEEDED", status);
        Assert.Contains("--model_load_timeout_s", status);
        var predict = await server.Http.PostAsync("/v1/models/stuck:predict", new StringContent("{\"instances\": [3.0]}"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, predict.StatusCode);
    }

    [Fact]
    public async Task HungLoad_Shutdown_DoesNotWaitForTheRead()
    {
        healthy.AddVersion("1", TestModels.HalfPlusTwo());
        var server = await TestServer.StartAsync([ModelConfig.Create("healthy", healthy.BasePath)], configureModels: models => models.ModelLoadTimeoutSeconds = 600);
        AddFifoVersion(healthy, "2");
        Assert.True(await EventuallyAsync(async () => await StateAsync(server, "healthy", 2) == "LOADING", TimeSpan.FromSeconds(5)));

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {clock.Elapsed}");
    }

    public ValueTask DisposeAsync()
    {
        // Opening the write end releases the blocked reader with end of file; bounded, should no reader wait.
        foreach (var fifo in fifos)
        {
            using var release = Process.Start("timeout", ["2", "sh", "-c", $": > '{fifo}'"]);
            release.WaitForExit();
        }

        healthy.Dispose();
        stuck.Dispose();
        return ValueTask.CompletedTask;
    }

    private void AddFifoVersion(TempModelRepository repository, string version)
    {
        var folder = Path.Combine(repository.BasePath, "staging-" + version);
        Directory.CreateDirectory(folder);
        var fifo = Path.Combine(folder, "model.onnx");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
        }

        Directory.Move(folder, Path.Combine(repository.BasePath, version));
        fifos.Add(Path.Combine(repository.BasePath, version, "model.onnx"));
    }

    private static ProtoModelServerConfig Config(params (string Name, string BasePath)[] models)
    {
        var config = new ProtoModelServerConfig { ModelConfigList = new ModelConfigList() };
        foreach (var (name, basePath) in models)
        {
            config.ModelConfigList.Config.Add(new ProtoModelConfig { Name = name, BasePath = basePath, ModelPlatform = "tensorflow" });
        }

        return config;
    }

    private static async Task<string?> StateAsync(TestServer server, string model, long version)
    {
        using var status = JsonDocument.Parse(await server.Http.GetStringAsync($"/v1/models/{model}"));
        return status.RootElement.GetProperty("model_version_status").EnumerateArray()
            .Where(v => v.GetProperty("version").GetString() == version.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(v => v.GetProperty("state").GetString())
            .FirstOrDefault();
    }

    /// <summary>Waits for a state the server reaches on its own clock (its polls and timeouts run on real time here).</summary>
    private static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(100);
        }

        return true;
    }
}
