using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SealServe.Core.Errors;
using SealServe.FunctionalTests.Sealing;
using SealServe.Models.Sources.S3;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Storage;

/// <summary>A real server serving models from a real S3-protocol server (s3rver) on loopback, with real REST and gRPC clients.</summary>
public sealed class S3ServingTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private S3Server s3 = null!;

    public async ValueTask InitializeAsync() => s3 = await S3Server.StartAsync();

    public ValueTask DisposeAsync()
    {
        s3.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Serve_FromS3_ServesAddsAndRemovesVersions()
    {
        await s3.PutAsync("models/affine/1/model.onnx", TestModels.AffineModel("v1", 0f, 1f));
        await using var server = await StartAsync("s3://models/models/affine");

        Assert.Equal(1f, await PredictAsync(server));

        await s3.PutAsync("models/affine/2/model.onnx", TestModels.AffineModel("v2", 0f, 2f));
        await WaitForStatesAsync(server, [(2, ModelVersionStatus.Types.State.Available), (1, ModelVersionStatus.Types.State.End)]);
        Assert.Equal(2f, await PredictAsync(server));

        // The policy serves the latest version: once 2 is removed, 1 is loaded again.
        await s3.DeletePrefixAsync("models/affine/2/");
        await WaitForStatesAsync(server, [(2, ModelVersionStatus.Types.State.End), (1, ModelVersionStatus.Types.State.Available)]);
        Assert.Equal(1f, await PredictAsync(server));
    }

    [Fact]
    public async Task Serve_SealedFromS3_ServesAndRefusesATamperedVersion()
    {
        using var keys = new TestKeys();
        using var local = new TempModelRepository();
        keys.Seal(local.AddVersion("1", TestModels.HalfPlusTwo()));
        await s3.UploadFolderAsync(local.BasePath, "sealed/model");
        await using var server = await StartAsync("s3://models/sealed/model", keys.Configure);

        using var response = await server.Http.PostAsync("/v1/models/m:predict", new StringContent("{\"instances\": [1.0, 2.0, 5.0]}", Encoding.UTF8));
        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", await response.Content.ReadAsStringAsync());

        // Version 2 is version 1's sealed files with one byte of the model flipped: the manifest check and the
        // authentication run on S3 objects as on files.
        var tampered = local.AddVersion("2", TestModels.HalfPlusTwo());
        keys.Seal(tampered);
        var sealedModel = await File.ReadAllBytesAsync(Path.Combine(tampered, "model.onnx"));
        sealedModel[^20] ^= 1;
        await s3.PutAsync("sealed/model/2/sealserve.manifest", await File.ReadAllBytesAsync(Path.Combine(tampered, "sealserve.manifest")));
        await s3.PutAsync("sealed/model/2/model.onnx", sealedModel);

        var status = await WaitForStatesAsync(server, [(2, ModelVersionStatus.Types.State.End), (1, ModelVersionStatus.Types.State.Available)]);
        var error = status.ModelVersionStatus.Single(s => s.Version == 2).Status;
        Assert.Equal(Tensorflow.Error.Code.DataLoss, error.ErrorCode);
        Assert.StartsWith("s3://models/sealed/model/2/model.onnx: chunk 0 of 1 failed authentication", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SealedVersionMissingAFileInS3_RefusedByItsManifest()
    {
        using var keys = new TestKeys();
        using var local = new TempModelRepository();
        keys.Seal(local.AddVersion("1", ("model.onnx", TestModels.HalfPlusTwo()), ("assets/vocab.txt", "a\nb\n"u8.ToArray())));
        await s3.UploadFolderAsync(local.BasePath, "store/model");
        await s3.DeletePrefixAsync("store/model/1/assets/");

        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync("s3://models/store/model", keys.Configure));

        Assert.Contains("s3://models/store/model/1/assets/vocab.txt: missing: the version's sealed manifest lists it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WrongCredentials_FailsAtOnceWithUnauthenticated()
    {
        await s3.PutAsync("m/1/model.onnx", TestModels.HalfPlusTwo());

        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync("s3://models/m", settings: Settings() with { Keys = new S3Keys("AKIDNOTKNOWN", "x", null) }).WaitAsync(Patience));

        Assert.Equal(StatusCode.Unauthenticated, error.Code);
        Assert.StartsWith("s3://models/m: S3 refused the credentials (InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingBucket_FailsAtOnceWithNotFound()
    {
        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync("s3://no-such-bucket/m").WaitAsync(Patience));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.StartsWith("s3://no-such-bucket/m: the bucket does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingPrefix_FailsAtOnceWithNotFound()
    {
        await s3.PutAsync("other/1/model.onnx", TestModels.HalfPlusTwo());

        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync("s3://models/m").WaitAsync(Patience));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal("s3://models/m holds no object: the base path does not exist (no key starts with 'm/' in bucket models)", error.Message);
    }

    private S3Settings Settings() => new() { Endpoint = s3.Endpoint, Region = S3Server.Region, Keys = new S3Keys(S3Server.AccessKey, S3Server.SecretKey, null) };

    private Task<TestServer> StartAsync(string basePath, Action<IServiceCollection>? configureServices = null, S3Settings? settings = null) =>
        TestServer.StartAsync([ModelConfig.Create("m", basePath)], configureServices: services =>
        {
            services.AddSingleton(settings ?? Settings());
            configureServices?.Invoke(services);
        });

    private static async Task<float> PredictAsync(TestServer server)
    {
        using var response = await server.Http.PostAsync("/v1/models/m:predict", new StringContent("{\"instances\": [5.0]}", Encoding.UTF8));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        return json.RootElement.GetProperty("predictions")[0].GetSingle();
    }

    private static async Task<GetModelStatusResponse> WaitForStatesAsync(TestServer server, (long Version, ModelVersionStatus.Types.State State)[] expected)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var status = await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "m" } });
            var states = status.ModelVersionStatus.Select(s => (s.Version, s.State)).ToArray();
            if (states.SequenceEqual(expected))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"status stayed {string.Join(", ", states)}; expected {string.Join(", ", expected)}");
            await Task.Delay(200);
        }
    }
}
