using System.Text.Json;
using SealServe.Models.Config;
using SealServe.Models.Policies;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Every TensorFlow model of the corpus that has a reference (<c>corpus/tf-references</c>: inputs and the outputs
/// TensorFlow.js's CPU kernels compute for them), served by a real server from its corpus folder and asked over REST
/// exactly what the reference was asked. Floats must agree to 1e-3 relative, everything else exactly.
/// </summary>
/// <remarks>
/// Where the server and a reference disagreed, the cause was found and is recorded here with the model:
/// <list type="bullet">
/// <item><c>SciSharp__TensorFlow.NET__leak_testmodel</c>: its Conv1D has stride 8 over a kernel of 3 with SAME
/// padding. TensorFlow clamps the total padding at 0 there (no padding at all, windows start at 0, 8, 16...); the
/// translation used ONNX's auto_pad SAME_UPPER, with which ONNX Runtime computes a padding of -5 and shifts every
/// window by two columns (224 of 384 values off). The reference is right: TF's documented output size
/// ceil(96 / 8) = 12 and padding max((12 - 1)·8 + 3 - 96, 0) = 0; fixed in <c>SpatialLayout</c>.</item>
/// </list>
/// </remarks>
public sealed class ReferenceModelTests
{
    [Theory]
    [InlineData("tf/SciSharp__TensorFlow.NET__keras_lstm_sequential")]
    [InlineData("tf/SciSharp__TensorFlow.NET__keras_simple_auto_compile")]
    [InlineData("tf/SciSharp__TensorFlow.NET__leak_testmodel")]
    [InlineData("tf/dotnet__machinelearning-testdata__cifar_frozen")]
    [InlineData("tf/dotnet__machinelearning-testdata__mnist_conv_model")]
    [InlineData("tf/dotnet__machinelearning-testdata__mnist_lr_model")]
    [InlineData("tf/dotnet__machinelearning-testdata__model_matmul")]
    [InlineData("tf/dotnet__machinelearning-testdata__model_shape_test")]
    [InlineData("tf/dotnet__machinelearning-testdata__model_types_test")]
    [InlineData("tf/iteam1__predict-series-data-with-RNN__keras_lstm")]
    [InlineData("tf/onnx__tensorflow-onnx__ae0_frozen")]
    [InlineData("tf/onnx__tensorflow-onnx__fc-layers_frozen")]
    [InlineData("tf/onnx__tensorflow-onnx__lstm_frozen")]
    [InlineData("tf/onnx__tensorflow-onnx__regression_frozen")]
    [InlineData("tf/onnx__tensorflow-onnx__regression_savedmodel")]
    [InlineData("tf/tensorflow__rust__addition_graphdef")]
    [InlineData("tfserving/matrix_half_plus_two")]
    [InlineData("tfserving/saved_model_counter")]
    [InlineData("tfserving/saved_model_half_plus_three")]
    [InlineData("tfserving/saved_model_half_plus_two_2_versions")]
    [InlineData("tfserving/saved_model_half_plus_two_cpu")]
    [InlineData("tfserving/saved_model_half_plus_two_tf2_cpu")]
    public async Task Predict_ReferenceInputs_GivesTheReferenceOutputs(string model)
    {
        var name = Path.GetFileName(model);
        using var repository = new TempModelRepository();
        await using var server = await TestServer.StartAsync([Serve(name, Corpus.Require(model), repository)]);

        var references = WithOutputs(Corpus.Require($"tf-references/{name}"));
        var differences = new List<string>();
        foreach (var reference in references)
        {
            differences.AddRange(await CompareAsync(server, name, reference));
        }

        Assert.NotEmpty(references);
        Assert.True(differences.Count == 0, $"{differences.Count} values differ from the reference:\n{string.Join("\n", differences.Take(20))}");
    }

    /// <summary>
    /// The model's reference folders that hold outputs: the model's own, or one per signature for a model without
    /// serving_default (<c>saved_model_counter</c>: only <c>get_counter</c>, as TensorFlow.js cannot run the assigns).
    /// </summary>
    internal static string[] WithOutputs(string root) => File.Exists(Path.Combine(root, "outputs.json"))
        ? [root]
        : [.. Directory.EnumerateDirectories(root).Where(d => File.Exists(Path.Combine(d, "outputs.json"))).Order(StringComparer.Ordinal)];

    /// <summary>
    /// A signature without inputs goes over gRPC: TF Serving's REST API (and SealServe's) refuses one ("Failed to get
    /// input map"). Its outputs come back as JSON values to compare like REST answers.
    /// </summary>
    private static async Task<Dictionary<string, JsonElement>> PredictOverGrpcAsync(TestServer server, string name, string signature)
    {
        var response = await server.Prediction.PredictAsync(new Tensorflow.Serving.PredictRequest { ModelSpec = new Tensorflow.Serving.ModelSpec { Name = name, SignatureName = signature } });
        return response.Outputs.ToDictionary(o => o.Key, o => JsonDocument.Parse(ReferenceOutputs.ToJson(o.Value)).RootElement, StringComparer.Ordinal);
    }

    /// <summary>Links the corpus model's version folders into a repository (a folder without any, e.g. a frozen graph, is version 1).</summary>
    internal static ModelConfig Serve(string name, string corpusModel, TempModelRepository repository)
    {
        var versions = Directory.EnumerateDirectories(corpusModel).Where(d => long.TryParse(Path.GetFileName(d), out _)).ToArray();
        if (versions.Length == 0)
        {
            repository.LinkVersion("1", corpusModel);
        }

        foreach (var version in versions)
        {
            repository.LinkVersion(Path.GetFileName(version), version);
        }

        return new ModelConfig(name, repository.BasePath, "tensorflow", new AllVersionsPolicy(), new Dictionary<string, long>());
    }

    /// <summary>POSTs the reference's inputs.json to the model's predict and compares the answer with its outputs.json.</summary>
    internal static async Task<List<string>> CompareAsync(TestServer server, string name, string reference)
    {
        var expected = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(reference, "outputs.json"))).RootElement.GetProperty("outputs");
        var request = await File.ReadAllTextAsync(Path.Combine(reference, "inputs.json"));

        var aliases = expected.EnumerateObject().Select(p => p.Name).ToArray();
        var actual = JsonDocument.Parse(request).RootElement.GetProperty("inputs") is { ValueKind: JsonValueKind.Object } inputs && !inputs.EnumerateObject().Any()
            ? await PredictOverGrpcAsync(server, name, JsonDocument.Parse(request).RootElement.GetProperty("signature_name").GetString()!)
            : ReferenceOutputs.Outputs(JsonDocument.Parse(await TfServingModelsTests.PostAsync(server, $"/v1/models/{name}:predict", request)).RootElement, aliases);
        Assert.Equal(aliases.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        return [.. aliases.SelectMany(a => ReferenceOutputs.Differences(a, expected.GetProperty(a), actual[a]))];
    }
}
