using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests;

/// <summary>gRPC requests that tests send often.</summary>
internal static class GrpcRequests
{
    /// <summary>Predict on half_plus_two with <paramref name="x"/> as a float vector.</summary>
    public static PredictRequest HalfPlusTwo(params float[] x)
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = x.Length } } } };
        tensor.FloatVal.Add(x);
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "half_plus_two" } };
        request.Inputs["x"] = tensor;
        return request;
    }
}
