using System.Buffers;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Server.Codecs.Proto;
using SealServe.TestKit;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.Fuzz.Targets;

/// <summary>A gRPC PredictRequest message: protobuf parse, then the inputs decoded against the named signature.</summary>
internal sealed class GrpcPredictTarget : IFuzzTarget
{
    public string Name => "grpc-predict";

    /// <summary>
    /// Google.Protobuf's parse, and the server's (PredictRequestParser: pooled tensor_content, over the message cut into
    /// 7-byte segments as the transport hands it over), which must give the same request or leave the message to
    /// Google.Protobuf; then the inputs, read from the server's parse, decoded against the named signature.
    /// </summary>
    public void Run(ReadOnlySpan<byte> input)
    {
        PredictRequest? expected;
        try
        {
            expected = PredictRequest.Parser.ParseFrom(input);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            // What the server answers INVALID_ARGUMENT for (ParsedRequestMethodProvider): Google.Protobuf throws
            // InvalidOperationException for some truncated wrapper fields (regressions/grpc-predict).
            expected = null;
        }

        var pooled = PredictRequestParser.TryParsePooled(SegmentedBytes.Of(input.ToArray(), 7));
        try
        {
            if (pooled is not null && !pooled.Equals(expected))
            {
                throw new InvalidOperationException($"PredictRequestParser read {(expected is null ? "a message Google.Protobuf refuses" : "another request than Google.Protobuf")}: {pooled}");
            }

            if ((pooled ?? expected) is not { } request)
            {
                return;
            }

            var key = string.IsNullOrEmpty(request.ModelSpec?.SignatureName) ? Signature.DefaultKey : request.ModelSpec.SignatureName;
            if (!FuzzSignatures.All.TryGetValue(key, out var signature))
            {
                throw ServingException.FailedPrecondition("unknown signature");
            }

            foreach (var tensor in PredictRequestDecoder.Decode(request.Inputs, signature, input.Length, 64L << 20).Values)
            {
                tensor.Dispose();
            }
        }
        finally
        {
            if (pooled is not null)
            {
                PredictRequestParser.ReturnBuffers(pooled);
            }
        }
    }


    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var typed = Request(Signature.DefaultKey, ("x", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(3), FloatVal = { 1f, 2f, 5f } }));
        var content = Request(Signature.DefaultKey, ("x", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(2, 1), TensorContent = ByteString.CopyFrom(new byte[8]) }));
        var multi = Request(
            "multi",
            ("a", new TensorProto { Dtype = DataType.DtInt32, TensorShape = Shape(2), IntVal = { 1, -1 } }),
            ("b", new TensorProto { Dtype = DataType.DtString, TensorShape = Shape(2), StringVal = { ByteString.CopyFromUtf8("hi") } }),
            ("c", new TensorProto { Dtype = DataType.DtHalf, TensorShape = Shape(1), HalfVal = { 0x3c00 } }),
            ("d", new TensorProto { Dtype = DataType.DtUint8, TensorShape = Shape(4), IntVal = { 255 } }),
            ("e", new TensorProto { Dtype = DataType.DtBool, TensorShape = Shape(1), BoolVal = { true } }),
            ("f", new TensorProto { Dtype = DataType.DtInt64, TensorShape = Shape(), Int64Val = { long.MinValue } }));
        return [("typed", typed.ToByteArray()), ("tensor-content", content.ToByteArray()), ("multi", multi.ToByteArray())];
    }

    private static PredictRequest Request(string signature, params (string Alias, TensorProto Tensor)[] inputs)
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "m", SignatureName = signature } };
        foreach (var (alias, tensor) in inputs)
        {
            request.Inputs[alias] = tensor;
        }

        return request;
    }

    internal static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }
}
