using System.Text.Json;
using Google.Protobuf;
using SealServe.Models.Config;
using SealServe.TestKit;
using Tensorflow;

namespace SealServe.FunctionalTests.TensorFlow;

/// <summary>
/// Signatures that change variables, served with TensorFlow Serving's semantics: the variables live in the loaded version
/// and every request sees the changes of the ones before it. TF Serving's own <c>saved_model_counter</c> counts. Its
/// signatures without inputs are called over gRPC: TF Serving's REST API refuses a signature without inputs ("Failed to
/// get input map"), and so does SealServe's.
/// </summary>
public sealed class StatefulModelTests : IDisposable
{
    private readonly List<TempModelRepository> repositories = [];

    public void Dispose() => repositories.ForEach(r => r.Dispose());

    [Fact]
    public async Task Counter_IncrementsResetsAndReadsLikeTfServing()
    {
        await using var server = await StartCounterAsync();

        Assert.Equal(1f, await CallAsync(server, "incr_counter"));
        Assert.Equal(2f, await CallAsync(server, "incr_counter"));
        Assert.Equal(3f, await CallAsync(server, "incr_counter"));
        Assert.Equal(3f, await CallAsync(server, "get_counter"));
        Assert.Equal(6f, await CallAsync(server, "incr_counter_by", 3));
        Assert.Equal(6f, await CallAsync(server, "get_counter"));
        Assert.Equal(0f, await CallAsync(server, "reset_counter"));
        Assert.Equal(0f, await CallAsync(server, "get_counter"));
    }

    [Fact]
    public async Task Counter_ConcurrentIncrements_AreSerializedAndNoneIsLost()
    {
        await using var server = await StartCounterAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => CallAsync(server, "incr_counter")));

        Assert.Equal(Enumerable.Range(1, 40).Select(i => (float)i), results.Order());
        Assert.Equal(40f, await CallAsync(server, "get_counter"));
    }

    [Fact]
    public async Task Counter_OverRest_SharesTheStateWithGrpc()
    {
        await using var server = await StartCounterAsync();
        await CallAsync(server, "incr_counter");

        var body = await TfServingModelsTests.PostAsync(server, "/v1/models/counter:predict", """{"signature_name": "incr_counter_by", "inputs": {"delta": 2.5}}""");

        Assert.Equal(3.5f, JsonDocument.Parse(body).RootElement.GetProperty("outputs").GetSingle());
        Assert.Equal(3.5f, await CallAsync(server, "get_counter"));
    }

    [Fact]
    public async Task Counter_NewVersionLoad_StartsFromTheCheckpoint()
    {
        await using (var first = await StartCounterAsync())
        {
            await CallAsync(first, "incr_counter");
        }

        await using var second = await StartCounterAsync();

        Assert.Equal(0f, await CallAsync(second, "get_counter"));
    }

    /// <summary>
    /// A signature that changes a resource variable (AssignAddVariableOp) is refused alone, saying why; the model's pure
    /// serving_default serves.
    /// </summary>
    [Fact]
    public async Task UnsupportedStatefulSignature_IsRefusedAloneWhileThePureOneServes()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", ("saved_model.pb", ResourceVariableModel()));
        await using var server = await TestServer.StartAsync("mixed", repository.BasePath);

        var pure = await TfServingModelsTests.PostAsync(server, "/v1/models/mixed:predict", """{"inputs": {"x": [1.0, -2.0]}}""");
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () => await server.Prediction.PredictAsync(
            new Tensorflow.Serving.PredictRequest { ModelSpec = new Tensorflow.Serving.ModelSpec { Name = "mixed", SignatureName = "bump" } }));

        Assert.Equal([-1.0, 2.0], JsonDocument.Parse(pure).RootElement.GetProperty("outputs").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(Grpc.Core.StatusCode.Unimplemented, refused.StatusCode);
        Assert.Contains("Signature 'bump' cannot be served: it changes variable state with AssignAddVariableOp (node 'bump')", refused.Status.Detail, StringComparison.Ordinal);
    }

    private Task<TestServer> StartCounterAsync()
    {
        var repository = new TempModelRepository();
        repositories.Add(repository);
        return TestServer.StartAsync([ReferenceModelTests.Serve("counter", Corpus.Require("tfserving/saved_model_counter"), repository)]);
    }

    /// <summary>Calls a counter signature over gRPC (with <paramref name="delta"/> for incr_counter_by) and returns its output.</summary>
    private static async Task<float> CallAsync(TestServer server, string signature, float? delta = null)
    {
        var request = new Tensorflow.Serving.PredictRequest { ModelSpec = new Tensorflow.Serving.ModelSpec { Name = "counter", SignatureName = signature } };
        if (delta is { } value)
        {
            request.Inputs["delta"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new TensorShapeProto(), FloatVal = { value } };
        }

        var response = await server.Prediction.PredictAsync(request);
        return Assert.Single(response.Outputs["output"].FloatVal);
    }

    /// <summary>serving_default: y = Neg(x); bump: AssignAddVariableOp(v, 1) then ReadVariableOp(v).</summary>
    private static byte[] ResourceVariableModel()
    {
        var graph = new GraphDef();
        AttrValue Type(Tensorflow.DataType t) => new() { Type = t };
        graph.Node.Add(new NodeDef { Name = "x", Op = "Placeholder", Attr = { ["dtype"] = Type(Tensorflow.DataType.DtFloat) } });
        graph.Node.Add(new NodeDef { Name = "y", Op = "Neg", Input = { "x" }, Attr = { ["T"] = Type(Tensorflow.DataType.DtFloat) } });
        graph.Node.Add(new NodeDef { Name = "v", Op = "VarHandleOp", Attr = { ["dtype"] = Type(Tensorflow.DataType.DtFloat), ["shape"] = new AttrValue { Shape = new TensorShapeProto() } } });
        graph.Node.Add(new NodeDef { Name = "one", Op = "Const", Attr = { ["dtype"] = Type(Tensorflow.DataType.DtFloat), ["value"] = new AttrValue { Tensor = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new TensorShapeProto(), FloatVal = { 1f } } } } });
        graph.Node.Add(new NodeDef { Name = "bump", Op = "AssignAddVariableOp", Input = { "v", "one" }, Attr = { ["dtype"] = Type(Tensorflow.DataType.DtFloat) } });
        graph.Node.Add(new NodeDef { Name = "read", Op = "ReadVariableOp", Input = { "v", "^bump" }, Attr = { ["dtype"] = Type(Tensorflow.DataType.DtFloat) } });
        var metaGraph = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" } }, GraphDef = graph };
        metaGraph.SignatureDef["serving_default"] = new SignatureDef
        {
            MethodName = "tensorflow/serving/predict",
            Inputs = { ["x"] = new TensorInfo { Name = "x:0", Dtype = Tensorflow.DataType.DtFloat } },
            Outputs = { ["y"] = new TensorInfo { Name = "y:0", Dtype = Tensorflow.DataType.DtFloat } },
        };
        metaGraph.SignatureDef["bump"] = new SignatureDef
        {
            MethodName = "tensorflow/serving/predict",
            Outputs = { ["value"] = new TensorInfo { Name = "read:0", Dtype = Tensorflow.DataType.DtFloat } },
        };
        return new Tensorflow.SavedModel { MetaGraphs = { metaGraph } }.ToByteArray();
    }
}
