using Grpc.Core;
using Tensorflow.Serving;

namespace SealServe.LoadTest.Baselines;

/// <summary>The bare gRPC unary call: the same service and message types, answering every Predict with a fixed response of the server's size.</summary>
internal sealed class BarePredictionService(PredictResponse response) : PredictionService.PredictionServiceBase
{
    public override Task<PredictResponse> Predict(PredictRequest request, ServerCallContext context) => Task.FromResult(response);
}
