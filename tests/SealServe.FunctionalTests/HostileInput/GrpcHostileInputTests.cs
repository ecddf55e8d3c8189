using Google.Protobuf;
using Grpc.Core;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.HostileInput;

/// <summary>Small gRPC requests that asked for gigabytes, shapes whose byte count wraps, garbage messages (issue 14, defects 1, 2, 6, 8).</summary>
public sealed class GrpcHostileInputTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private PredictionService.PredictionServiceClient Prediction => fixture.Server.Prediction;

    [Fact]
    public async Task Predict_StringTensorForFloatInput_RefusedByDtypeBeforeDecoding()
    {
        // 1.5 KB asking for 16 Mi copies of its string: 16 GiB before the dtype was looked at.
        var tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = Shape(16_777_216), StringVal = { ByteString.CopyFrom(new byte[1500]) } };

        var error = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(Request("half_plus_two", tensor)).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "Expects arg[0] to be float but string is provided (input 'x')."), (error.StatusCode, error.Status.Detail));
    }

    [Fact]
    public async Task Predict_OneFloatForHugeShape_RefusedAsExpansion()
    {
        // 131 bytes asking for a 256 MiB tensor (and a 256 MiB response).
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1L << 26), FloatVal = { 1f } };

        var error = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(Request("half_plus_two", tensor)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("tensor parsing error: x: 1 value(s) for the 67108864 elements of shape [67108864]: filling them takes 268435456 bytes, over this request's limit of", error.Status.Detail);
    }

    [Fact]
    public async Task Predict_StringShapeWithNoValues_RefusedAsExpansion()
    {
        var tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = Shape(1L << 27) };

        var error = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(Request("identity_string", tensor)).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("tensor parsing error: x: 0 value(s) for the 134217728 elements", error.Status.Detail);
    }

    [Fact]
    public async Task Predict_SmallBroadcast_StillServed()
    {
        var tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(64), FloatVal = { 2f } };

        var response = await Prediction.PredictAsync(Request("half_plus_two", tensor));

        Assert.Equal(Enumerable.Repeat(3f, 64), response.Outputs["y"].FloatVal);
    }

    [Fact]
    public async Task Predict_ShapeWhoseByteCountWraps_RefusedByOurCheck()
    {
        // (2^62 + 1) × 4 bytes wraps to 4, which matched the 4 bytes sent.
        var wrapping = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape((1L << 62) + 1), TensorContent = ByteString.CopyFrom(new byte[4]) };
        var maximal = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(long.MaxValue), FloatVal = { 1f } };

        var first = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(Request("half_plus_two", wrapping)).ResponseAsync);
        var second = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(Request("half_plus_two", maximal)).ResponseAsync);

        Assert.Equal((StatusCode.InvalidArgument, "tensor parsing error: x: shape [4611686018427387905] is too large"), (first.StatusCode, first.Status.Detail));
        Assert.Equal((StatusCode.InvalidArgument, "tensor parsing error: x: shape [9223372036854775807] is too large"), (second.StatusCode, second.Status.Detail));
    }

    [Fact]
    public async Task Predict_ErrorTextEndingInSpace_TrimmedOnTheWire()
    {
        // TF Serving's text for a missing alias ends with "default input alias set: ", which HTTP/2 clients such as grpc-js lose.
        var request = Request("pairs", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1), FloatVal = { 1f } }, alias: "not_x");

        var error = await Assert.ThrowsAsync<RpcException>(() => Prediction.PredictAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.EndsWith("or default input alias set:", error.Status.Detail);
    }

    [Fact]
    public async Task Predict_GarbageMessage_InvalidArgumentWithoutErrorLog()
    {
        var method = new Method<byte[], byte[]>(MethodType.Unary, "tensorflow.serving.PredictionService", "Predict", Raw, Raw);
        // The second makes Google.Protobuf throw InvalidOperationException, not its parse error (found by fuzz/grpc-predict).
        byte[][] messages = [Convert.FromHexString("0aff01ffffffffffffffff0112345678abcdef00"), Convert.FromHexString("0a140a016d0a0178121608011208120208021202080122080000000000000000")];
        var errorsBefore = fixture.Server.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal));

        for (var i = 0; i < 20; i++)
        {
            var garbage = messages[i % 2];
            var error = await Assert.ThrowsAsync<RpcException>(() => fixture.Server.Invoker.AsyncUnaryCall(method, null, default, garbage).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.StartsWith("Failed to parse the request message of /tensorflow.serving.PredictionService/Predict", error.Status.Detail);
        }

        Assert.Equal(errorsBefore, fixture.Server.Logs.Lines.Count(l => l.StartsWith("Error", StringComparison.Ordinal)));
        Assert.Equal([2.5f], (await Prediction.PredictAsync(Request("half_plus_two", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(1), FloatVal = { 1f } }))).Outputs["y"].FloatVal);
    }

    private static readonly Marshaller<byte[]> Raw = Marshallers.Create(bytes => bytes, bytes => bytes);

    private static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    private static PredictRequest Request(string model, TensorProto tensor, string alias = "x") =>
        new() { ModelSpec = new ModelSpec { Name = model }, Inputs = { [alias] = tensor } };
}
