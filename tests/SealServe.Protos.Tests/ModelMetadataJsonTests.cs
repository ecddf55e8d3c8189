using System.Text.Json.Nodes;
using Google.Protobuf;
using SealServe.TestKit;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.Protos.Tests;

/// <summary>
/// The proto-JSON of a SignatureDefMap built from a real SavedModel equals TF Serving's own
/// GetModelMetadata output for that model: same field names, enum spellings and defaults.
/// </summary>
public sealed class ModelMetadataJsonTests
{
    private static readonly JsonFormatter Formatter =
        new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true).WithFormatDefaultValues(true));

    [Theory]
    [InlineData("tfserving/saved_model_half_plus_two_cpu/00000123/saved_model.pb", "tfserving/half_plus_two_model_metadata.json")]
    [InlineData("tfserving/saved_model_half_plus_two_2_versions/00000123/saved_model.pb", "tfserving/saved_model_half_plus_two_2_versions_metadata.json")]
    public void Format_SignatureDefMapOfSavedModel_EqualsTfServingMetadata(string savedModelPath, string metadataPath)
    {
        var metaGraph = SavedModel.Parser.ParseFrom(File.ReadAllBytes(Corpus.Require(savedModelPath))).MetaGraphs.Single();
        var expected = JsonNode.Parse(File.ReadAllText(Corpus.Require(metadataPath)))!["metadata"]!["signature_def"]!.AsObject();
        var map = new SignatureDefMap { SignatureDef = { metaGraph.SignatureDef } };

        var actual = JsonNode.Parse(Formatter.Format(map))!.AsObject();

        DropEmptyDefaultsAbsentFrom(expected, actual);
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"expected:\n{expected.ToJsonString()}\nactual:\n{actual.ToJsonString()}");
    }

    [Fact]
    public void Parse_TfServingMetadataJson_RoundTripsThroughOurSchema()
    {
        var json = JsonNode.Parse(File.ReadAllText(Corpus.Require("tfserving/half_plus_two_model_metadata.json")))!;
        var expected = json["metadata"]!["signature_def"]!.AsObject();

        var map = JsonParser.Default.Parse<SignatureDefMap>(expected.ToJsonString());

        Assert.Equal(5, map.SignatureDef.Count);
        Assert.Equal("x:0", map.SignatureDef["serving_default"].Inputs["x"].Name);
        Assert.Equal(-1, map.SignatureDef["serving_default"].Inputs["x"].TensorShape.Dim[0].Size);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(Formatter.Format(map))));
        var spec = JsonParser.Default.Parse<ModelSpec>(json["model_spec"]!.ToJsonString());
        Assert.Equal("default", spec.Name);
        Assert.Equal(123, spec.Version);
    }

    /// <summary>
    /// SignatureDef.defaults is newer than some of TF Serving's golden files: where the expected
    /// signature has no "defaults" key, an empty one on our side is not a difference.
    /// </summary>
    private static void DropEmptyDefaultsAbsentFrom(JsonObject expected, JsonObject actual)
    {
        var expectedSignatures = expected["signature_def"]!.AsObject();
        foreach (var (name, signature) in actual["signature_def"]!.AsObject())
        {
            var ours = signature!.AsObject();
            if (expectedSignatures[name] is JsonObject theirs
                && !theirs.ContainsKey("defaults")
                && ours["defaults"] is JsonObject { Count: 0 })
            {
                ours.Remove("defaults");
            }
        }
    }
}
