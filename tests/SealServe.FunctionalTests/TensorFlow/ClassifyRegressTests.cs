using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Grpc.Core;
using SealServe.Serving;
using SealServe.TestKit;
using Tensorflow.Serving;
using static SealServe.FunctionalTests.TensorFlow.ExampleRequests;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Classify, Regress and MultiInference over REST and gRPC on TF Serving's own half_plus_two models (tf.Example parsing
/// in the graph), answered as TF Serving answers: its JSON layout, its protos, its error texts.
/// </summary>
public sealed class ClassifyRegressTests(TfServingModelsFixture fixture) : IClassFixture<TfServingModelsFixture>
{
    [Fact]
    public async Task RestClassify_ClassifyXToY_ScoresAreHalfXPlusTwoInTfServingsLayout()
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, "/v1/models/default:classify", """{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}, {"x": 2.0}]}""");

        Assert.Equal("{\n    \"results\": [[[\"\", 2.5]], [[\"\", 3.0]]\n    ]\n}", body);
    }

    [Theory]
    [InlineData("classify")]
    [InlineData("regress")]
    public async Task ReadmeCurlExamples_AnswerWhatTheReadmeShows(string name)
    {
        var server = await fixture.GetAsync();
        var example = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md")),
            $"<!-- readme-test: {name} -->\\s*```sh\\n(.*?)```\\s*```json\\n(.*?)```",
            System.Text.RegularExpressions.RegexOptions.Singleline);
        Assert.True(example.Success, $"README.md has no curl example marked readme-test: {name} followed by its answer");
        var command = example.Groups[1].Value.Trim().Replace("localhost:8501/v1/models/half_plus_two", $"127.0.0.1:{server.RestApiPort}/v1/models/default", StringComparison.Ordinal);

        var (exitCode, output, answer) = await ServerProcess.RunAsync(command, RepositoryRoot.Path, TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, output);
        Assert.Equal(example.Groups[2].Value.TrimEnd('\n'), answer.TrimEnd('\n'));
    }

    [Theory]
    [InlineData("regress_x_to_y", "[2.5, 4.5]")]
    [InlineData("regress_x_to_y2", "[3.5, 5.5]")]
    public async Task RestRegress_RegressSignatures_OneValuePerExampleOnOneLine(string signature, string results)
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, "/v1/models/default:regress", $$"""{"signature_name": "{{signature}}", "examples": [{"x": 1.0}, {"x": 5.0}]}""");

        Assert.Equal($"{{\n    \"results\": {results}\n}}", body);
    }

    [Fact]
    public async Task RestRegress_ContextAndExamples_MergeWithTheExampleWinning()
    {
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, "/v1/models/default/versions/123:regress", """{"signature_name": "regress_x_to_y", "context": {"x": 1.0}, "examples": [{}, {"x": 5.0}]}""");

        Assert.Equal("{\n    \"results\": [2.5, 4.5]\n}", body);
    }

    [Theory]
    [InlineData("half_plus_three", "tensorflow/serving/regress", 3.5f)]
    [InlineData("half_plus_two_tf2", "regress_x_to_y", 2.5f)]
    public async Task RestRegress_OtherHalfPlusModels_Compute(string model, string signature, float expected)
    {
        // half_plus_three's signature declares DT_FLOAT for its string input; TF2's says method predict: both still regress.
        var server = await fixture.GetAsync();

        var body = await PostAsync(server, $"/v1/models/{model}:regress", $$"""{"signature_name": "{{signature}}", "examples": [{"x": 1.0}]}""");

        Assert.Equal($"{{\n    \"results\": [{expected:0.0}]\n}}", body);
    }

    [Theory]
    [InlineData("default", "regress_x2_to_y3", "regress")]
    [InlineData("two_versions", "classify_x2_to_y3", "classify")]
    public async Task RestClassifyOrRegress_SignatureFedAFloatTensor_FailsAsTensorFlowDoesYetPredictComputesIt(string model, string signature, string verb)
    {
        // These signatures take x2:0, a float parsed from the examples: TF Serving feeds them serialized examples,
        // which TensorFlow refuses. Predict feeds x2 directly: y3 = 0.5·x2 + 3.
        var server = await fixture.GetAsync();

        var (status, error) = await PostErrorAsync(server, $"/v1/models/{model}:{verb}", $$"""{"signature_name": "{{signature}}", "examples": [{"x2": 1.0}]}""");
        var predicted = await PostAsync(server, $"/v1/models/{model}:predict", $$"""{"signature_name": "{{signature}}", "instances": [[1.0], [3.0]]}""");

        Assert.Equal((HttpStatusCode.BadRequest, "Expects arg[0] to be float but string is provided"), (status, error));
        Assert.Equal([3.5, 4.5], JsonTensors.Flatten(System.Text.Json.JsonDocument.Parse(predicted).RootElement.GetProperty("predictions")).Values);
    }

    [Theory]
    [InlineData("""{"signature_name": "classify_x_to_y", "examples": [{"x2": 1.0}]}""", "Name: <unknown>, Feature: x (data type: float) is required but could not be found.\n\t [[{{node ParseExample/ParseExample}}]]")]
    [InlineData("""{"signature_name": "classify_x_to_y", "examples": [{"x": 2}]}""", "Name: <unknown>, Key: x, Index: 0.  Data types don't match. Data type: int64 but expected type: float\n\t [[{{node ParseExample/ParseExample}}]]")]
    [InlineData("""{"signature_name": "classify_x_to_y", "examples": [{"x": [1.0, 2.0]}]}""", "Name: <unknown>, Key: x, Index: 0.  Number of float values != expected.  Values size: 2 but output shape: [1]\n\t [[{{node ParseExample/ParseExample}}]]")]
    [InlineData("""{"signature_name": "classify_x_to_y"}""", "JSON Value: {\n    \"signature_name\": \"classify_x_to_y\"\n} When method is classify, key 'examples' is expected and was not found")]
    [InlineData("""{"examples": []}""", "JSON Value: {\n    \"examples\": []\n} 'examples' value is an empty array")]
    [InlineData("""{"examples": [1]}""", "Example must be JSON object but got JSON Number")]
    [InlineData("""{"examples": [{"x": null}]}""", "Feature: x has element with unexpected JSON type: Null")]
    [InlineData("""{"examples": [{"x": [1.0, "a"]}]}""", "Unexpected element type in feature: x expecting type: float")]
    [InlineData("""{"signature_name": "nope", "examples": [{"x": 1.0}]}""", "No signature was found with the name: nope")]
    public async Task RestClassify_BadInput_AnswersTfServingsText(string body, string message)
    {
        var server = await fixture.GetAsync();

        var (status, error) = await PostErrorAsync(server, "/v1/models/default:classify", body);

        Assert.Equal((HttpStatusCode.BadRequest, message), (status, error));
    }

    [Fact]
    public async Task RestRegressAndClassify_SignatureOfTheOtherKind_QuoteTheSignatureAsTfServingDoes()
    {
        var server = await fixture.GetAsync();

        var (_, regress) = await PostErrorAsync(server, "/v1/models/default:regress", """{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}]}""");
        var (_, classify) = await PostErrorAsync(server, "/v1/models/default:classify", """{"signature_name": "regress_x_to_y", "examples": [{"x": 1.0}]}""");
        var (_, predict) = await PostErrorAsync(server, "/v1/models/default:regress", """{"examples": [{"x": 1.0}]}""");

        Assert.Equal(
            "No regression outputs found in SignatureDef: inputs {\n  key: \"inputs\"\n  value {\n    name: \"tf_example:0\"\n    dtype: DT_STRING\n    tensor_shape {\n      unknown_rank: true\n    }\n  }\n}\n" +
            "outputs {\n  key: \"scores\"\n  value {\n    name: \"y:0\"\n    dtype: DT_FLOAT\n    tensor_shape {\n      dim {\n        size: -1\n      }\n      dim {\n        size: 1\n      }\n    }\n  }\n}\nmethod_name: \"tensorflow/serving/classify\"\n",
            regress);
        Assert.StartsWith("Expected classification signature outputs to contain at least one of \"classes\" or \"scores\". Signature was: inputs {", classify, StringComparison.Ordinal);
        Assert.StartsWith("No regression inputs found in SignatureDef: inputs {\n  key: \"x\"", predict, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcClassify_ClassifyXToY_ScoresAndEchoedModelSpec()
    {
        var server = await fixture.GetAsync();

        var response = await server.Prediction.ClassifyAsync(new ClassificationRequest { ModelSpec = Spec("default", "classify_x_to_y"), Input = Xs(2f, 4f) });

        Assert.Equal([3f, 4f], response.Result.Classifications.Select(c => Assert.Single(c.Classes).Score));
        Assert.All(response.Result.Classifications, c => Assert.Equal(string.Empty, c.Classes[0].Label));
        Assert.Equal(("default", 123L, "classify_x_to_y"), (response.ModelSpec.Name, response.ModelSpec.Version, response.ModelSpec.SignatureName));
    }

    [Fact]
    public async Task GrpcRegress_ExamplesWithContext_MergeAndPickTheVersion()
    {
        var server = await fixture.GetAsync();
        var input = new Input { ExampleListWithContext = new ExampleListWithContext { Context = Example(("x", 1f)), Examples = { Example(), Example(("x", 7f)) } } };

        var response = await server.Prediction.RegressAsync(new RegressionRequest { ModelSpec = Spec("two_versions", "regress_x_to_y2", 124), Input = input });

        Assert.Equal([3.5f, 6.5f], response.Result.Regressions.Select(r => r.Value));
        Assert.Equal(124L, response.ModelSpec.Version);
    }

    [Fact]
    public async Task GrpcRegress_EmptyInput_FailsAsTfServingDoes()
    {
        var server = await fixture.GetAsync();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Prediction.RegressAsync(new RegressionRequest { ModelSpec = Spec("default", "regress_x_to_y"), Input = new Input() }));

        Assert.Equal((StatusCode.InvalidArgument, "Input is empty."), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task GrpcClassify_MalformedExample_InvalidArgumentFromParseExample()
    {
        // The examples reach the graph as sent (the request parses as a view with bytes), so ParseExample finds the damage.
        var server = await fixture.GetAsync();
        var request = new ClassificationRequestView
        {
            ModelSpec = Spec("default", "classify_x_to_y"),
            Input = new Tensorflow.Serving.Internal.SerializedInput { ExampleList = new Tensorflow.Serving.Internal.SerializedExampleList { Examples = { Example(("x", 1f)).ToByteString(), ByteString.CopyFrom(0x0A, 0x05, 0x0A) } } },
        };
        var method = new Method<byte[], byte[]>(MethodType.Unary, "tensorflow.serving.PredictionService", "Classify", Raw, Raw);

        var error = await Assert.ThrowsAsync<RpcException>(() => server.Invoker.AsyncUnaryCall(method, null, default, request.ToByteArray()).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("Could not parse example input, value: '\\012\\005\\012'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GrpcMultiInference_RegressAndClassify_OneRunTwoResultsEachWithItsModelSpec()
    {
        var server = await fixture.GetAsync();
        var request = new MultiInferenceRequest { Input = Xs(2f) };
        request.Tasks.Add(new InferenceTask { ModelSpec = Spec("default", "regress_x_to_y"), MethodName = "tensorflow/serving/regress" });
        request.Tasks.Add(new InferenceTask { ModelSpec = Spec("default", "classify_x_to_y"), MethodName = "tensorflow/serving/classify" });

        var response = await server.Prediction.MultiInferenceAsync(request);

        Assert.Equal(2, response.Results.Count);
        Assert.Equal(3f, Assert.Single(response.Results[0].RegressionResult.Regressions).Value);
        Assert.Equal(3f, Assert.Single(Assert.Single(response.Results[1].ClassificationResult.Classifications).Classes).Score);
        Assert.Equal(["regress_x_to_y", "classify_x_to_y"], response.Results.Select(r => r.ModelSpec.SignatureName));
        Assert.All(response.Results, r => Assert.Equal(("default", 123L), (r.ModelSpec.Name, r.ModelSpec.Version)));
    }

    [Theory]
    [InlineData("default", "regress_x_to_y", "tensorflow/serving/regress", "other", "regress_x_to_y2", "tensorflow/serving/regress", StatusCode.InvalidArgument, "All ModelSpecs in a MultiInferenceRequest must access the same model name.")]
    [InlineData("default", "regress_x_to_y", "tensorflow/serving/regress", "default", "regress_x_to_y", "tensorflow/serving/classify", StatusCode.InvalidArgument, "Duplicate evaluation of signature: regress_x_to_y")]
    [InlineData("default", "regress_x_to_y", "tensorflow/serving/regress", "default", "serving_default", "tensorflow/serving/predict", StatusCode.Unimplemented, "Unsupported signature method_name: tensorflow/serving/predict")]
    [InlineData("default", "regress_x_to_y", "tensorflow/serving/regress", "default", "missing", "tensorflow/serving/regress", StatusCode.InvalidArgument, "Requested signature not found in model graph: missing")]
    [InlineData("default", "regress_x_to_y", "tensorflow/serving/regress", "", "regress_x_to_y2", "tensorflow/serving/regress", StatusCode.InvalidArgument, "Found ModelSpec with an empty model name.")]
    public async Task GrpcMultiInference_BadTasks_AnswerTfServingsText(string model1, string signature1, string method1, string model2, string signature2, string method2, StatusCode code, string message)
    {
        var server = await fixture.GetAsync();
        var request = new MultiInferenceRequest { Input = Xs(2f) };
        request.Tasks.Add(new InferenceTask { ModelSpec = Spec(model1, signature1), MethodName = method1 });
        request.Tasks.Add(new InferenceTask { ModelSpec = Spec(model2, signature2), MethodName = method2 });

        var error = await Assert.ThrowsAsync<RpcException>(async () => await server.Prediction.MultiInferenceAsync(request));

        Assert.Equal((code, message), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task MethodNameCheck_Enabled_RefusesTf2SignaturesMarkedPredictAsTfServingDoes()
    {
        var root = Corpus.Require("tfserving");
        await using var server = await TestServer.StartAsync(
            [fixture.Linked("tf2", Path.Combine(root, "saved_model_half_plus_two_tf2_cpu"), "00000123")],
            configureModels: o => o.EnableSignatureMethodNameCheck = true);

        var (status, error) = await PostErrorAsync(server, "/v1/models/tf2:classify", """{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}]}""");
        var predicted = await PostAsync(server, "/v1/models/tf2:predict", """{"instances": [1.0]}""");

        Assert.Equal((HttpStatusCode.BadRequest, "Expected classification signature method_name to be tensorflow/serving/classify. Was: tensorflow/serving/predict"), (status, error));
        Assert.Contains("2.5", predicted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Classify_AfterBadRequests_ServerKeepsServing()
    {
        var server = await fixture.GetAsync();
        await PostErrorAsync(server, "/v1/models/default:classify", """{"examples": [{"x": "not a float"}]}""");
        await Assert.ThrowsAsync<RpcException>(async () => await server.Prediction.ClassifyAsync(new ClassificationRequest { ModelSpec = Spec("default", "classify_x_to_y"), Input = new Input { ExampleList = new ExampleList { Examples = { new Tensorflow.Example { Features = new Tensorflow.Features { Feature = { ["x"] = new Tensorflow.Feature { BytesList = new Tensorflow.BytesList() } } } } } } } }));

        var body = await PostAsync(server, "/v1/models/default:classify", """{"signature_name": "classify_x_to_y", "examples": [{"x": 4.0}]}""");

        Assert.Equal("{\n    \"results\": [[[\"\", 4.0]]\n    ]\n}", body);
    }

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static async Task<string> PostAsync(TestServer server, string path, string body)
    {
        using var response = await server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return text;
    }

    private static async Task<(HttpStatusCode Status, string Error)> PostErrorAsync(TestServer server, string path, string body)
    {
        using var response = await server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["error"]!);
    }
}
