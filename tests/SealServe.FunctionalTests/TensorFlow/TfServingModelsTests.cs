using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SealServe.TestKit;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>TF Serving's own SavedModels, imported and translated by SealServe, answering over REST and gRPC as TF Serving does.</summary>
public sealed class TfServingModelsTests(TfServingModelsFixture fixture) : IClassFixture<TfServingModelsFixture>
{
    [Fact]
    public async Task RestPredict_HalfPlusTwo_ReturnsExactlyTfServingsAnswer()
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, "/v1/models/default:predict", """{"instances": [1.0, 2.0, 5.0]}""");

        Assert.Equal("""{"predictions":[2.5,3.0,4.5]}""", Compact(body));
    }

    [Theory]
    [InlineData("default", "[[1.0], [2.0], [5.0]]", new[] { 2.5, 3.0, 4.5 })]
    [InlineData("half_plus_three", "[1.0, 2.0, 5.0]", new[] { 3.5, 4.0, 5.5 })]
    [InlineData("half_plus_two_tf2", "[1.0]", new[] { 2.5 })]
    [InlineData("two_versions/versions/123", "[1.0, 2.0]", new[] { 2.5, 3.0 })]
    [InlineData("two_versions/versions/124", "[1.0, 2.0]", new[] { 2.5, 3.0 })]
    public async Task RestPredict_EveryHalfPlusModel_GivesHalfXPlusConstant(string model, string instances, double[] expected)
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, $"/v1/models/{model}:predict", $$"""{"instances": {{instances}}}""");

        Assert.Equal(expected, JsonTensors.Flatten(JsonDocument.Parse(body).RootElement.GetProperty("predictions")).Values);
    }

    [Fact]
    public async Task RestPredict_MatrixHalfPlusTwo_WorksElementwise()
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, "/v1/models/matrix_half_plus_two:predict", """{"instances": [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]}""");

        Assert.Equal([2.5, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5, 6.0, 6.5], JsonTensors.Flatten(JsonDocument.Parse(body).RootElement.GetProperty("predictions")).Values);
    }

    [Theory]
    [InlineData("default", "x", 123L, 3.0f)]
    [InlineData("half_plus_three", "x", 123L, 4.0f)]
    [InlineData("half_plus_two_tf2", "x", 123L, 3.0f)]
    [InlineData("two_versions", "x", 123L, 3.0f)]
    [InlineData("two_versions", "x", 124L, 3.0f)]
    public async Task GrpcPredict_XIsTwo_ReturnsHalfXPlusConstant(string model, string input, long version, float expected)
    {
        var server = await fixture.GetAsync();
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model, Version = version } };
        var x = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto() };
        x.TensorShape.Dim.Add(new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 });
        x.FloatVal.Add(2.0f);
        request.Inputs[input] = x;

        var response = await server.Prediction.PredictAsync(request);

        Assert.Equal([expected], response.Outputs["y"].FloatVal);
        Assert.Equal(version, response.ModelSpec.Version);
    }

    [Fact]
    public async Task GrpcPredict_MatrixHalfPlusTwo_ReturnsTheMatrix()
    {
        var server = await fixture.GetAsync();
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "matrix_half_plus_two" } };
        var x = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto() };
        x.TensorShape.Dim.Add([new() { Size = 1 }, new() { Size = 3 }, new() { Size = 3 }]);
        x.FloatVal.Add(Enumerable.Range(1, 9).Select(v => (float)v));
        request.Inputs["x"] = x;

        var response = await server.Prediction.PredictAsync(request);

        Assert.Equal(Enumerable.Range(1, 9).Select(v => (0.5f * v) + 2), response.Outputs["y"].FloatVal);
    }

    [Fact]
    public async Task RestPredict_ClassifySignatureFedSerializedExamples_ParsesThemInTheEngine()
    {
        var server = await fixture.GetAsync();
        var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
        example.Features.Feature["x"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 2f } } };

        var body = await PostAsync(server, "/v1/models/default:predict", $$"""{"signature_name": "classify_x_to_y", "instances": [{"b64": "{{Convert.ToBase64String(Google.Protobuf.MessageExtensions.ToByteArray(example))}}"}]}""");

        Assert.Equal("""{"predictions":[[3.0]]}""", Compact(body));
    }

    [Fact]
    public async Task RestPredict_ClassifySignatureFedGarbage_AnswersTensorFlowsParseError()
    {
        var server = await fixture.GetAsync();

        using var response = await server.Http.PostAsync("/v1/models/default:predict", new StringContent("""{"signature_name": "classify_x_to_y", "instances": [{"b64": "AA=="}]}""", Encoding.UTF8));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Could not parse example input, value: '\\000'\n\t [[{{node ParseExample/ParseExample}}]]", (string?)JsonNode.Parse(body)!["error"]);
    }

    [Fact]
    public async Task Status_TwoVersionsModel_BothVersionsAvailable()
    {
        var server = await fixture.GetAsync();

        var status = JsonNode.Parse(await server.Http.GetStringAsync("/v1/models/two_versions"))!;

        Assert.Equal(["124", "123"], status["model_version_status"]!.AsArray().Select(v => (string)v!["version"]!));
        Assert.All(status["model_version_status"]!.AsArray(), v => Assert.Equal("AVAILABLE", (string)v!["state"]!));
    }

    internal static async Task<string> PostAsync(TestServer server, string path, string body)
    {
        using var response = await server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    private static string Compact(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
}
