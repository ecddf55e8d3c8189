using SealServe.Client;
using SealServe.Client.Tensors;
using SealServe.Client.TfServing;
using SealServe.Client.V2;
using Tensorflow;

namespace SealServe.Client.Sample;

/// <summary>The sample's calls: one Predict per API and transport, each printing y for x = 1, 2, 5.</summary>
public static class DemoCalls
{
    private const string Model = "half_plus_two";

    /// <summary>Calls the server at <paramref name="grpc"/> and <paramref name="rest"/> and writes one line per call.</summary>
    public static async Task RunAsync(Uri grpc, Uri rest, TextWriter output, SealServeClientOptions? options = null)
    {
        float[] x = [1f, 2f, 5f];

        // TF Serving's API: the input as tensor_content over x's own memory.
        using (var client = new TfServingGrpcClient(grpc, options))
        {
            var response = await client.PredictAsync(Model, new Dictionary<string, TensorProto> { ["x"] = TensorProtos.Create<float>(x, 3) });
            Print(output, "TF Serving gRPC", response.Outputs["y"].AsSpan<float>());
        }

        using (var client = new TfServingRestClient(rest, options))
        {
            var outputs = await client.PredictAsync(Model, [InferTensor.Create<float>("x", x, 3)]);
            Print(output, "TF Serving REST", Array.ConvertAll(outputs.Numbers(), v => (float)v));
        }

        // KServe v2: raw contents on gRPC, binary tensor data (or JSON) on REST; outputs read in place.
        using (var client = new InferenceGrpcClient(grpc, options))
        {
            var result = await client.InferAsync(Model, [InferTensor.Create<float>("x", x, 3)]);
            Print(output, "KServe v2 gRPC", result["y"].AsSpan<float>());
        }

        using (var client = new InferenceRestClient(rest, options))
        {
            foreach (var binary in new[] { true, false })
            {
                var result = await client.InferAsync(Model, [InferTensor.Create<float>("x", x, 3)], new InferOptions { BinaryData = binary });
                Print(output, binary ? "KServe v2 REST (binary)" : "KServe v2 REST (JSON)", result["y"].AsSpan<float>());
            }
        }
    }

    private static void Print(TextWriter output, string how, ReadOnlySpan<float> y) =>
        output.WriteLine($"{how,-24} y = [{string.Join(", ", y.ToArray())}]");
}
