using System.Runtime.InteropServices;
using Google.Protobuf;
using Grpc.Core;
using Inference;

namespace SealServe.FunctionalTests.V2;

/// <summary><c>inference.GRPCInferenceService</c> on the gRPC port, end to end with a real Grpc.Net.Client.</summary>
public sealed class V2GrpcTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private GRPCInferenceService.GRPCInferenceServiceClient Client => fixture.Server.Inference;

    [Fact]
    public async Task HealthAndMetadata_AnswerAsTheRestApi()
    {
        Assert.True((await Client.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await Client.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.True((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "half_plus_two", Version = "123" })).Ready);
        Assert.False((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "half_plus_two", Version = "7" })).Ready);
        Assert.False((await Client.ModelReadyAsync(new ModelReadyRequest { Name = "no_such_model" })).Ready);

        var server = await Client.ServerMetadataAsync(new ServerMetadataRequest());
        Assert.Equal("sealserve", server.Name);
        Assert.Contains("binary_tensor_data", server.Extensions);

        var model = await Client.ModelMetadataAsync(new ModelMetadataRequest { Name = "pairs" });
        Assert.Equal(["1"], model.Versions);
        Assert.Equal("onnx_onnxv1", model.Platform);
        Assert.Equal(new ModelMetadataResponse.Types.TensorMetadata { Name = "x", Datatype = "FP32", Shape = { -1, 2 } }, model.Inputs.Single());
    }

    [Fact]
    public async Task ModelInfer_RawContents_RawOutputsWithIdAndVersion()
    {
        float[] x = [1f, 2f, 5f];
        var request = new ModelInferRequest { ModelName = "half_plus_two", Id = "abc", Inputs = { Input("x", "FP32", 3) } };
        request.RawInputContents.Add(ByteString.CopyFrom(MemoryMarshal.AsBytes(x.AsSpan())));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(("half_plus_two", "123", "abc"), (response.ModelName, response.ModelVersion, response.Id));
        var y = Assert.Single(response.Outputs);
        Assert.Equal(("y", "FP32"), (y.Name, y.Datatype));
        Assert.Equal([3L], y.Shape);
        Assert.Null(y.Contents);
        Assert.Equal([2.5f, 3f, 4.5f], MemoryMarshal.Cast<byte, float>(response.RawOutputContents.Single().Span).ToArray());
    }

    [Fact]
    public async Task ModelInfer_TypedContents_TypedOutputs()
    {
        var input = Input("x", "FP32", 2, 1);
        input.Contents = new InferTensorContents { Fp32Contents = { 4f, 6f } };

        var response = await Client.ModelInferAsync(new ModelInferRequest { ModelName = "half_plus_two", ModelVersion = "123", Inputs = { input }, Outputs = { new ModelInferRequest.Types.InferRequestedOutputTensor { Name = "y" } } });

        Assert.Empty(response.RawOutputContents);
        Assert.Equal([2L, 1L], response.Outputs[0].Shape);
        Assert.Equal([4f, 5f], response.Outputs[0].Contents.Fp32Contents);
    }

    public static TheoryData<string, string> Models() => new()
    {
        { "identity_bool", "BOOL" }, { "identity_int8", "INT8" }, { "identity_int16", "INT16" }, { "identity_int32", "INT32" },
        { "identity_int64", "INT64" }, { "identity_uint8", "UINT8" }, { "identity_uint16", "UINT16" }, { "identity_uint32", "UINT32" },
        { "identity_uint64", "UINT64" }, { "identity_half", "FP16" }, { "identity_bfloat16", "BF16" }, { "identity_float", "FP32" },
        { "identity_double", "FP64" }, { "identity_string", "BYTES" },
    };

    /// <summary>Every datatype round-trips byte for byte through raw contents, and through typed contents where the type has a field.</summary>
    [Theory]
    [MemberData(nameof(Models))]
    public async Task ModelInfer_EveryDatatype_RoundTripsExactly(string model, string datatype)
    {
        var raw = datatype switch
        {
            "BYTES" => new byte[] { 1, 0, 0, 0, (byte)'a', 0, 0, 0, 0, 3, 0, 0, 0, 0xff, 0, 0x41 },
            "BOOL" => [1, 0, 1],
            _ => Enumerable.Range(0, 3 * ElementSize(datatype)).Select(i => (byte)(i * 37 % 251)).ToArray(),
        };
        var request = new ModelInferRequest { ModelName = model, Inputs = { Input("x", datatype, 3) } };
        request.RawInputContents.Add(ByteString.CopyFrom(raw));

        var response = await Client.ModelInferAsync(request);

        Assert.Equal(datatype, response.Outputs[0].Datatype);
        Assert.Equal(raw, response.RawOutputContents.Single().ToByteArray());
        if (datatype is "FP16" or "BF16")
        {
            var typed = new ModelInferRequest { ModelName = model, Inputs = { Input("x", datatype, 3) } };
            typed.Inputs[0].Contents = new InferTensorContents();
            var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(typed).ResponseAsync);
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            Assert.Contains($"tensor 'x': {datatype} has no typed contents field", error.Status.Detail, StringComparison.Ordinal);
            return;
        }

        // Typed in, typed out: the contents come back as sent.
        var first = new ModelInferRequest { ModelName = model, Inputs = { Input("x", datatype, 3) } };
        first.Inputs[0].Contents = response.Outputs[0].Contents ?? Typed(datatype, response.RawOutputContents[0]);
        var second = await Client.ModelInferAsync(first);
        Assert.Equal(first.Inputs[0].Contents, second.Outputs[0].Contents);
    }

    public static TheoryData<string, string> BadRequests() => new()
    {
        { "z|FP32|1|4", "tensor 'z': model 'half_plus_two' has no such input; its inputs are x" },
        { "x|FP64|1|8", "tensor 'x': datatype FP64 does not match the model's FP32" },
        { "x|FP32|2|4", "tensor 'x': 4 bytes of data, but FP32 of shape [2] takes 8" },
        { "x|INT4|1|1", "tensor 'x': unknown datatype 'INT4'" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ModelInfer_BadInput_InvalidArgumentNamingTheTensor(string input, string message)
    {
        var parts = input.Split('|');
        var request = new ModelInferRequest { ModelName = "half_plus_two", Inputs = { Input(parts[0], parts[1], long.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)) } };
        request.RawInputContents.Add(ByteString.CopyFrom(new byte[int.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture)]));

        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains(message, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelInfer_ContentsBesideRaw_And_CountMismatch_InvalidArgument()
    {
        var mixed = new ModelInferRequest { ModelName = "half_plus_two", Inputs = { Input("x", "FP32", 1) } };
        mixed.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1f } };
        mixed.RawInputContents.Add(ByteString.CopyFrom(new byte[4]));
        var error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(mixed).ResponseAsync);
        Assert.Contains("tensor 'x': has contents although the request sends raw_input_contents", error.Status.Detail, StringComparison.Ordinal);

        var typed = new ModelInferRequest { ModelName = "half_plus_two", Inputs = { Input("x", "FP32", 3) } };
        typed.Inputs[0].Contents = new InferTensorContents { Fp32Contents = { 1f } };
        error = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(typed).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("tensor 'x': shape [3] has 3 elements but fp32_contents has 1 values", error.Status.Detail, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<RpcException>(() => Client.ModelInferAsync(new ModelInferRequest { ModelName = "no_such_model", Inputs = { Input("x", "FP32", 0) } }).ResponseAsync);
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
    }

    internal static ModelInferRequest.Types.InferInputTensor Input(string name, string datatype, params long[] shape) =>
        new() { Name = name, Datatype = datatype, Shape = { shape } };

    private static int ElementSize(string datatype) => datatype switch
    {
        "INT8" or "UINT8" => 1,
        "INT16" or "UINT16" or "FP16" or "BF16" => 2,
        "INT32" or "UINT32" or "FP32" => 4,
        _ => 8,
    };

    /// <summary>Typed contents from raw bytes, for the types whose outputs come back raw only when sent raw.</summary>
    private static InferTensorContents Typed(string datatype, ByteString raw)
    {
        var span = raw.Span;
        var contents = new InferTensorContents();
        switch (datatype)
        {
            case "BOOL": contents.BoolContents.AddRange(span.ToArray().Select(b => b != 0)); break;
            case "INT8": contents.IntContents.AddRange(MemoryMarshal.Cast<byte, sbyte>(span).ToArray().Select(v => (int)v)); break;
            case "INT16": contents.IntContents.AddRange(MemoryMarshal.Cast<byte, short>(span).ToArray().Select(v => (int)v)); break;
            case "INT32": contents.IntContents.AddRange(MemoryMarshal.Cast<byte, int>(span).ToArray()); break;
            case "INT64": contents.Int64Contents.AddRange(MemoryMarshal.Cast<byte, long>(span).ToArray()); break;
            case "UINT8": contents.UintContents.AddRange(span.ToArray().Select(v => (uint)v)); break;
            case "UINT16": contents.UintContents.AddRange(MemoryMarshal.Cast<byte, ushort>(span).ToArray().Select(v => (uint)v)); break;
            case "UINT32": contents.UintContents.AddRange(MemoryMarshal.Cast<byte, uint>(span).ToArray()); break;
            case "UINT64": contents.Uint64Contents.AddRange(MemoryMarshal.Cast<byte, ulong>(span).ToArray()); break;
            case "FP32": contents.Fp32Contents.AddRange(MemoryMarshal.Cast<byte, float>(span).ToArray()); break;
            case "FP64": contents.Fp64Contents.AddRange(MemoryMarshal.Cast<byte, double>(span).ToArray()); break;
            case "BYTES": contents.BytesContents.AddRange([ByteString.CopyFromUtf8("a"), ByteString.Empty, ByteString.CopyFrom(0xff, 0, 0x41)]); break;
        }

        return contents;
    }
}
