using Tensorflow.Serving;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>gRPC calls on the scalar test models (y = a·x + b, input <c>x</c>, output <c>y</c>) and their version status.</summary>
internal static class ScalarModelCalls
{
    /// <summary>Predicts x = 1 with the latest version, or with <paramref name="version"/>.</summary>
    public static async Task<float> PredictAsync(TestServer server, string model, long? version = null)
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model } };
        if (version is { } v)
        {
            request.ModelSpec.Version = v;
        }

        request.Inputs["x"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto(), FloatVal = { 1f } };
        var response = await server.Prediction.PredictAsync(request);
        return Assert.Single(response.Outputs["y"].FloatVal);
    }

    /// <summary>Polls model status until <paramref name="version"/> reaches <paramref name="state"/> (the server scans every second).</summary>
    public static async Task<ModelVersionStatus> WaitForStateAsync(TestServer server, string model, long version, ModelVersionStatus.Types.State state)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            var response = await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = model } });
            if (response.ModelVersionStatus.FirstOrDefault(s => s.Version == version && s.State == state) is { } reached)
            {
                return reached;
            }

            Assert.True(DateTime.UtcNow < deadline, $"version {version} of {model} never reached {state}: {response}");
            await Task.Delay(100);
        }
    }
}
