using System.Net;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using SealServe.Models.Config;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;
using ProtoModelConfig = Tensorflow.Serving.ModelConfig;
using ProtoModelServerConfig = Tensorflow.Serving.ModelServerConfig;

namespace SealServe.FunctionalTests.Config;

/// <summary>
/// Several models from a <c>--model_config_file</c>: version policies, labels over REST and gRPC, and
/// reloads (file change and HandleReloadConfigRequest) under traffic without a failed request.
/// </summary>
public sealed class ModelConfigTests : IDisposable
{
    private readonly TempModelRepository alpha = new();
    private readonly TempModelRepository beta = new();
    private readonly string configFile;

    public ModelConfigTests()
    {
        foreach (var version in new[] { 1, 2, 3 })
        {
            alpha.AddVersion(version.ToString(System.Globalization.CultureInfo.InvariantCulture), TestModels.AffineModel("alpha", 0f, version));
            beta.AddVersion(version.ToString(System.Globalization.CultureInfo.InvariantCulture), TestModels.AffineModel("beta", 0f, 10 * version));
        }

        configFile = Path.Combine(alpha.BasePath, "..", "models.config");
    }

    [Fact]
    public async Task ConfigFile_TwoModelsThreeVersions_PoliciesServeTheRightVersions()
    {
        var server = await StartAsync($$"""
            model_config_list {
              config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx"
                       model_version_policy { latest { num_versions: 2 } } }
              config { name: "beta" base_path: "{{beta.BasePath}}" model_platform: "tensorflow"
                       model_version_policy { specific { versions: 1 versions: 3 } } }
            }
            """);
        await using (server)
        {
            Assert.Equal([(3L, "AVAILABLE"), (2L, "AVAILABLE")], await StatusAsync(server, "alpha"));
            Assert.Equal([(3L, "AVAILABLE"), (1L, "AVAILABLE")], await StatusAsync(server, "beta"));
            Assert.Equal(3f, await PredictRestAsync(server, "alpha"));
            Assert.Equal(2f, await PredictRestAsync(server, "alpha/versions/2"));
            Assert.Equal(10f, await PredictGrpcAsync(server, new ModelSpec { Name = "beta", Version = 1 }));
            var missing = await server.Http.PostAsync("/v1/models/beta/versions/2:predict", Body());
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }
    }

    [Fact]
    public async Task ConfigFile_AllPolicyAndLabels_LabelsResolveOverRestAndGrpc()
    {
        var server = await StartAsync(
            $$"""
            model_config_list {
              config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx"
                       model_version_policy { all {} }
                       version_labels { key: "stable" value: 1 } version_labels { key: "canary" value: 3 } }
            }
            """,
            allowUnavailableLabels: true);
        await using (server)
        {
            Assert.Equal(3, (await StatusAsync(server, "alpha")).Count);
            Assert.Equal(1f, await PredictRestAsync(server, "alpha/labels/stable"));
            Assert.Equal(3f, await PredictGrpcAsync(server, new ModelSpec { Name = "alpha", VersionLabel = "canary" }));
            var metadata = await server.Http.GetStringAsync("/v1/models/alpha/labels/stable/metadata");
            Assert.Contains("\"version\": \"1\"", metadata, StringComparison.Ordinal);
            var unknown = await Assert.ThrowsAsync<RpcException>(() => PredictGrpcAsync(server, new ModelSpec { Name = "alpha", VersionLabel = "beta" }));
            Assert.Equal((StatusCode.InvalidArgument, "Unrecognized servable version label: beta"), (unknown.StatusCode, unknown.Status.Detail));
        }
    }

    [Fact]
    public async Task InitialLabelOnUnavailableVersion_RefusedWithoutTheFlag()
    {
        var error = await Assert.ThrowsAsync<SealServe.Core.Errors.ServingException>(() => StartAsync($$"""
            model_config_list { config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx"
                                         version_labels { key: "stable" value: 1 } } }
            """));

        Assert.Equal("Request to assign label to version 1 of model alpha, which is not currently available for inference", error.Message);
    }

    [Fact]
    public async Task ReloadByFileAndByRpc_UnderTraffic_ZeroFailures()
    {
        var server = await StartAsync(
            $$"""model_config_list { config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx" } }""",
            pollSeconds: 1);
        await using (server)
        {
            using var stop = new CancellationTokenSource();
            var failures = new List<string>();
            var traffic = SendTrafficAsync(server, "alpha", failures, stop.Token);

            // File change: add beta, label alpha's only version.
            await File.WriteAllTextAsync(configFile, $$"""
                model_config_list {
                  config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx" version_labels { key: "stable" value: 3 } }
                  config { name: "beta" base_path: "{{beta.BasePath}}" model_platform: "onnx" }
                }
                """);
            // The status answers as soon as beta is known (its version LOADING); it serves once AVAILABLE.
            await WaitUntilAsync(async () => (await server.Http.GetAsync("/v1/models/beta")).IsSuccessStatusCode
                && (await StatusAsync(server, "beta")).Any(s => s.State == "AVAILABLE"));
            Assert.Equal(3f, await PredictRestAsync(server, "alpha/labels/stable"));
            Assert.Equal(30f, await PredictRestAsync(server, "beta"));

            // RPC: replace the list with alpha serving all versions; beta goes away.
            var config = new ProtoModelServerConfig { ModelConfigList = new ModelConfigList() };
            config.ModelConfigList.Config.Add(new ProtoModelConfig
            {
                Name = "alpha",
                BasePath = alpha.BasePath,
                ModelPlatform = "onnx",
                ModelVersionPolicy = new FileSystemStoragePathSourceConfig.Types.ServableVersionPolicy { All = new() },
            });
            var reply = await server.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest { Config = config });

            await stop.CancelAsync();
            var sent = await traffic;
            Assert.Equal(Tensorflow.Error.Code.Ok, reply.Status.ErrorCode);
            // As in TF Serving, the reload answers before a kept model's newly wanted versions load and a dropped
            // model's versions unload: both follow in the background.
            await WaitUntilAsync(async () => (await StatusAsync(server, "alpha")).Count(s => s.State == "AVAILABLE") == 3);
            await WaitUntilAsync(async () => (await StatusAsync(server, "beta")).All(s => s.State == "END"));
            Assert.Equal(HttpStatusCode.NotFound, (await server.Http.PostAsync("/v1/models/beta:predict", Body())).StatusCode);
            Assert.Empty(failures);
            Assert.True(sent > 10, $"only {sent} requests were sent");
        }
    }

    [Fact]
    public async Task BadReload_OldConfigStaysInEffect()
    {
        var server = await StartAsync($$"""model_config_list { config { name: "alpha" base_path: "{{alpha.BasePath}}" model_platform: "onnx" } }""");
        await using (server)
        {
            var config = new ProtoModelServerConfig { ModelConfigList = new ModelConfigList() };
            config.ModelConfigList.Config.Add(new ProtoModelConfig { Name = "alpha", BasePath = alpha.BasePath, ModelPlatform = "onnx" });
            config.ModelConfigList.Config.Add(new ProtoModelConfig { Name = "alpha", BasePath = beta.BasePath, ModelPlatform = "onnx" });

            var duplicate = await Assert.ThrowsAsync<RpcException>(() => server.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest { Config = config }).ResponseAsync);
            var platform = await Assert.ThrowsAsync<RpcException>(() => server.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest
            {
                Config = new ProtoModelServerConfig { ModelConfigList = new ModelConfigList { Config = { new ProtoModelConfig { Name = "alpha", BasePath = alpha.BasePath, ModelPlatform = "tensorflow" } } } },
            }).ResponseAsync);

            Assert.Contains("Illegal to list model alpha multiple times in config list", duplicate.Status.Detail, StringComparison.Ordinal);
            Assert.Equal("Illegal to change a model's platform. For model alpha platform was onnx and new platform requested is tensorflow", platform.Status.Detail);
            Assert.Equal(3f, await PredictRestAsync(server, "alpha"));
        }
    }

    public void Dispose()
    {
        alpha.Dispose();
        beta.Dispose();
    }

    private async Task<TestServer> StartAsync(string config, bool allowUnavailableLabels = false, int pollSeconds = 0)
    {
        await File.WriteAllTextAsync(configFile, config);
        var models = ModelServerConfigLoader.Load(configFile).Models;
        return await TestServer.StartAsync(models, configureModels: o =>
        {
            o.ModelConfigFile = configFile;
            o.ModelConfigFilePollWaitSeconds = pollSeconds;
            o.AllowVersionLabelsForUnavailableModels = allowUnavailableLabels;
        });
    }

    private static StringContent Body() => new("{\"instances\": [0.0]}", Encoding.UTF8, "application/json");

    private static async Task<float> PredictRestAsync(TestServer server, string model)
    {
        using var response = await server.Http.PostAsync($"/v1/models/{model}:predict", Body());
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0].GetSingle();
    }

    private static async Task<float> PredictGrpcAsync(TestServer server, ModelSpec spec)
    {
        var request = new PredictRequest { ModelSpec = spec };
        request.Inputs["x"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 } } }, FloatVal = { 0f } };
        return (await server.Prediction.PredictAsync(request)).Outputs["y"].FloatVal[0];
    }

    private static async Task<List<(long Version, string State)>> StatusAsync(TestServer server, string model)
    {
        var json = JsonDocument.Parse(await server.Http.GetStringAsync($"/v1/models/{model}"));
        return json.RootElement.GetProperty("model_version_status").EnumerateArray()
            .Select(s => (long.Parse(s.GetProperty("version").GetString()!, System.Globalization.CultureInfo.InvariantCulture), s.GetProperty("state").GetString()!))
            .ToList();
    }

    private static async Task<int> SendTrafficAsync(TestServer server, string model, List<string> failures, CancellationToken stop)
    {
        var sent = 0;
        while (!stop.IsCancellationRequested)
        {
            using var response = await server.Http.PostAsync($"/v1/models/{model}:predict", Body(), CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                var failure = $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(CancellationToken.None)}";
                lock (failures)
                {
                    failures.Add(failure);
                }
            }

            sent++;
        }

        return sent;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the reload");
            await Task.Delay(50);
        }
    }
}
