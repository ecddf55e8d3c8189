using System.Text.Json.Nodes;
using SealServe.TestKit;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Model metadata of translated SavedModels equals TF Serving's own expected responses (its test data), compared
/// as JSON trees, over REST and gRPC. Each model is served under the name its file's <c>model_spec</c> gives.
/// </summary>
public sealed class TfServingMetadataTests
{
    public static TheoryData<string, string, string> Files() => new()
    {
        { "half_plus_two_model_metadata.json", "saved_model_half_plus_two_cpu", "00000123" },
        { "saved_model_half_plus_two_2_versions_metadata.json", "saved_model_half_plus_two_2_versions", "00000123" },
        { "saved_model_half_plus_two_tf2_2_versions_metadata.json", "saved_model_half_plus_two_tf2_cpu", "00000123" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task Metadata_RestAndGrpc_EqualTfServingsResponse(string file, string model, string version)
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Corpus.Require($"tfserving/{file}")))!;
        var name = (string)expected["model_spec"]!["name"]!;
        await using var fixture = new TfServingModelsFixture();
        await using var server = await TestServer.StartAsync([fixture.Linked(name, Corpus.Require($"tfserving/{model}"), version)]);

        var rest = JsonNode.Parse(await server.Http.GetStringAsync($"/v1/models/{name}/versions/{long.Parse(version, System.Globalization.CultureInfo.InvariantCulture)}/metadata"))!;
        var grpc = await server.Prediction.GetModelMetadataAsync(new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = name }, MetadataField = { "signature_def" } });

        AssertJsonEqual(Normalize(expected), Normalize(rest));
        var signatures = grpc.Metadata["signature_def"].Unpack<SignatureDefMap>();
        Assert.Equal(
            expected["metadata"]!["signature_def"]!["signature_def"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal),
            signatures.SignatureDef.Keys.Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// TF Serving's TF2 file prints <c>"defaults": {}</c> for every signature but the init op, which has none; a SavedModel
    /// cannot tell an empty map from an absent one, so an absent <c>defaults</c> is read as the empty map it is.
    /// </summary>
    private static JsonNode Normalize(JsonNode metadata)
    {
        foreach (var (_, signature) in metadata["metadata"]!["signature_def"]!["signature_def"]!.AsObject())
        {
            signature!.AsObject().TryAdd("defaults", new JsonObject());
        }

        return metadata;
    }

    private static void AssertJsonEqual(JsonNode expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"Expected:\n{expected}\nActual:\n{actual}");
}
