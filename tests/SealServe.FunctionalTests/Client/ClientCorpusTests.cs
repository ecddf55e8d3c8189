using SealServe.Client.Tensors;
using SealServe.Client.TfServing;
using SealServe.Client.V2;
using SealServe.TestKit;
using Tensorflow;

namespace SealServe.FunctionalTests.Client;

/// <summary>
/// Every corpus ONNX model's <c>test_data_set_*</c> through SealServe.Client's five ways in: TF Serving's gRPC
/// (<c>tensor_content</c>) and REST (JSON), v2 gRPC (raw contents) and v2 REST (JSON and binary data). All give the
/// same values, element for element, and match the reference.
/// </summary>
public sealed class ClientCorpusTests(CorpusOnnxTests.ServerFixture fixture) : IClassFixture<CorpusOnnxTests.ServerFixture>
{
    private const double Tolerance = 1e-4;

    [Fact]
    public async Task EveryModelAndDataSet_AllApisAgreeWithTheReference()
    {
        var server = await fixture.GetAsync();
        using var tfGrpc = new TfServingGrpcClient(new Uri($"http://127.0.0.1:{server.GrpcPort}"));
        using var tfRest = new TfServingRestClient(new Uri($"http://127.0.0.1:{server.RestApiPort}"));
        using var v2Grpc = new InferenceGrpcClient(new Uri($"http://127.0.0.1:{server.GrpcPort}"));
        using var v2Rest = new InferenceRestClient(new Uri($"http://127.0.0.1:{server.RestApiPort}"));
        var models = Directory.EnumerateDirectories(Corpus.Require("onnx")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        var checkedSets = 0;

        foreach (var model in models)
        {
            foreach (var (folder, inputs, expected) in OnnxReference.DataSets(Corpus.Require($"onnx/{model}")))
            {
                var tensors = inputs.Select(i => InferTensor.Create<float>(i.Name, i.Floats, i.Shape)).ToArray();
                var tfServing = await tfGrpc.PredictAsync(model!, inputs.ToDictionary(i => i.Name, i => TensorProtos.Create<float>(i.Floats, i.Shape)));
                var tfServingRest = await tfRest.PredictAsync(model!, tensors);
                var answers = new Dictionary<string, InferResult>
                {
                    ["v2 gRPC"] = await v2Grpc.InferAsync(model!, tensors),
                    ["v2 REST binary"] = await v2Rest.InferAsync(model!, tensors, new InferOptions { BinaryData = true }),
                    ["v2 REST JSON"] = await v2Rest.InferAsync(model!, tensors, new InferOptions { BinaryData = false }),
                };

                foreach (var reference in expected)
                {
                    var baseline = Values(tfServing.Outputs[reference.Name]);
                    Assert.Equal(reference.Shape, tfServing.Outputs[reference.Name].Shape());
                    var wanted = reference.Floats?.Select(f => (double)f).ToArray() ?? reference.Longs!.Select(l => (double)l).ToArray();
                    var worst = wanted.Select((w, i) => Math.Abs(w - baseline[i])).Max();
                    Assert.True(worst <= Tolerance, $"{folder} {reference.Name}: max abs diff {worst}");

                    var restName = tfServingRest.Json.ContainsKey(reference.Name) ? reference.Name : null;
                    Assert.Equal(baseline, tfServingRest.Numbers(restName).Select(v => reference.Floats is null ? v : (float)v).ToArray());
                    Assert.Equal(reference.Shape, tfServingRest.Shape(restName));
                    foreach (var (how, answer) in answers)
                    {
                        var output = answer[reference.Name];
                        Assert.True(reference.Shape.SequenceEqual(output.Shape), $"{folder} {reference.Name} via {how}: shape [{string.Join(",", output.Shape)}]");
                        Assert.True(baseline.SequenceEqual(Values(output)), $"{folder} {reference.Name} via {how}: values differ from TF Serving gRPC's");
                    }
                }

                checkedSets++;
            }
        }

        Assert.True(checkedSets >= models.Length, $"only {checkedSets} data sets for {models.Length} models");
    }

    private static double[] Values(TensorProto tensor) => tensor.Dtype == DataType.DtFloat
        ? tensor.ToArray<float>().Select(v => (double)v).ToArray()
        : tensor.ToArray<long>().Select(v => (double)v).ToArray();

    private static double[] Values(InferTensor tensor) => tensor.Datatype == "FP32"
        ? tensor.ToArray<float>().Select(v => (double)v).ToArray()
        : tensor.ToArray<long>().Select(v => (double)v).ToArray();
}
