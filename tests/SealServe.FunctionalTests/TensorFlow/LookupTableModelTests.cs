using System.Text;
using System.Text.Json.Nodes;
using SealServe.FunctionalTests.Sealing;
using SealServe.TestKit;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>A SavedModel whose vocabulary table is filled from assets/ at load, served plain and sealed.</summary>
public sealed class LookupTableModelTests : IDisposable
{
    private readonly TempModelRepository repository = new();

    [Fact]
    public async Task Predict_VocabularyFromPlainAssets_LooksUpWordsWithDefault()
    {
        TestSavedModels.WriteVocabularyLookup(Path.Combine(repository.BasePath, "1"), "a", "b", "c");

        await using var server = await TestServer.StartAsync([ModelConfig.Create("vocab", repository.BasePath)]);

        Assert.Equal("""{"ids":[1,-1,0],"size":3}""", await LookupAsync(server));
    }

    [Fact]
    public async Task Predict_VocabularyFromSealedAssets_ReadsTheAssetThroughTheSeal()
    {
        var version = Path.Combine(repository.BasePath, "1");
        TestSavedModels.WriteVocabularyLookup(version, "a", "b", "c");
        using var keys = new TestKeys();
        keys.Seal(repository.BasePath);
        Assert.DoesNotContain("b\n", File.ReadAllText(Path.Combine(version, "assets", "vocab.txt")), StringComparison.Ordinal);

        await using var server = await TestServer.StartAsync([ModelConfig.Create("vocab", repository.BasePath)], configureServices: keys.Configure);

        Assert.Equal("""{"ids":[1,-1,0],"size":3}""", await LookupAsync(server));
    }

    public void Dispose() => repository.Dispose();

    private static async Task<string> LookupAsync(TestServer server)
    {
        var body = await TfServingModelsTests.PostAsync(server, "/v1/models/vocab:predict", """{"inputs": ["b", "zz", "a"]}""");
        return JsonNode.Parse(body)!["outputs"]!.ToJsonString();
    }
}
