using SealServe.Models.Policies;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>Plain and sealed versions of one model, side by side and one after another.</summary>
public sealed class MixedVersionsTests
{
    [Fact]
    public async Task Serve_PlainAndSealedVersions_EachServesItsOwnModel()
    {
        using var keys = new TestKeys();
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.AffineModel("v1", 1f, 1f));
        keys.Seal(repository.AddVersion("2", TestModels.AffineModel("v2", 1f, 2f)));
        var config = ModelConfig.Create("mixed", repository.BasePath) with { Policy = new AllVersionsPolicy() };
        await using var server = await TestServer.StartAsync([config], configureServices: keys.Configure);

        var plain = await ScalarModelCalls.PredictAsync(server, "mixed", 1);
        var sealedResult = await ScalarModelCalls.PredictAsync(server, "mixed", 2);
        Directory.Move(keys.Stage("model", "3", TestModels.AffineModel("v3", 1f, 3f), chunkSize: 64), Path.Combine(repository.BasePath, "3"));
        repository.AddVersion("4", TestModels.AffineModel("v4", 1f, 4f));
        await ScalarModelCalls.WaitForStateAsync(server, "mixed", 4, ModelVersionStatus.Types.State.Available);

        Assert.Equal(2f, plain);
        Assert.Equal(3f, sealedResult);
        Assert.Equal(4f, await ScalarModelCalls.PredictAsync(server, "mixed", 3));
        Assert.Equal(5f, await ScalarModelCalls.PredictAsync(server, "mixed", 4));
    }
}
