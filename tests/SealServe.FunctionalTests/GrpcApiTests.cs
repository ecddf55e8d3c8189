using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Grpc.Core;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests;

/// <summary>TF Serving's gRPC API end to end with a real Grpc.Net.Client.</summary>
public sealed class GrpcApiTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private PredictionService.PredictionServiceClient Prediction => fixture.Server.Prediction;

    [Fact]
    public async Task Predict_TypedFloats_HalfPlusTwoWithResolvedSpec()
    {
        var response = await Prediction.PredictAsync(Request("half_plus_two", FloatTensor([3], 1f, 2f, 5f)));

        Assert.Equal([2.5f, 3f, 4.5f], response.Outputs["y"].FloatVal);
        Assert.Equal([3L], response.Outputs["y"].TensorShape.Dim.Select(d => d.Size));
        Assert.Equal(new ModelSpec { Name = "half_plus_two", Version = 123, SignatureName = "serving_default" }, response.ModelSpec);
    }

    [Fact]
    public async Task Predict_FewerValuesThanElements_LastValueRepeated()
    {
        var response = await Prediction.PredictAsync(Request("half_plus_two", FloatTensor([2, 2], 2f, 4f)));

        Assert.Equal([3f, 4f, 4f, 4f], response.Outputs["y"].FloatVal);
    }

    [Fact]
    public async Task Predict_MessageOver4MB_Served()
    {
        var values = Enumerable.Range(0, 2_000_000).Select(i => (float)(i % 7)).ToArray();
        var tensor = FloatTensor([values.Length]);
        tensor.TensorContent = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));

        var response = await Prediction.PredictAsync(Request("half_plus_two", tensor));

        Assert.Equal(values.Length, response.Outputs["y"].FloatVal.Count);
        Assert.Equal(0.5f * 6 + 2, response.Outputs["y"].FloatVal[6]);
    }

    public static TheoryData<string> IdentityModels() => new(HalfPlusTwoServer.IdentityModels.Select(m => m.Name));

    /// <summary>Every dtype round-trips through typed fields, tensor_content (not strings) and REST JSON.</summary>
    [Theory]
    [MemberData(nameof(IdentityModels))]
    public async Task Predict_EveryDtype_RoundTripsExactly(string model)
    {
        var typed = IdentityInput(model);

        var viaTyped = (await Prediction.PredictAsync(Request(model, typed))).Outputs["y"];

        Assert.Equal(typed, viaTyped);
        if (typed.Dtype != DataType.DtString)
        {
            var content = new TensorProto { Dtype = typed.Dtype, TensorShape = typed.TensorShape, TensorContent = viaTyped.ToTensorContent() };
            var viaContent = (await Prediction.PredictAsync(Request(model, content))).Outputs["y"];
            Assert.Equal(typed, viaContent);
        }

        var json = await PostJsonAsync($"/v1/models/{model}:predict", $"{{\"inputs\": {ExpectedJson(model)}}}");
        using var document = JsonDocument.Parse(json);
        Assert.Equal(ExpectedJson(model), Regex.Replace(document.RootElement.GetProperty("outputs").GetRawText(), @"\n\s*", string.Empty));
    }

    [Fact]
    public async Task GetModelMetadata_SignatureDefMapPackedInAny()
    {
        var request = new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = "half_plus_two" }, MetadataField = { "signature_def" } };

        var response = await Prediction.GetModelMetadataAsync(request);

        Assert.Equal(new ModelSpec { Name = "half_plus_two", Version = 123 }, response.ModelSpec);
        var any = response.Metadata["signature_def"];
        Assert.Equal("type.googleapis.com/tensorflow.serving.SignatureDefMap", any.TypeUrl);
        var signature = any.Unpack<SignatureDefMap>().SignatureDef["serving_default"];
        Assert.Equal(("x", DataType.DtFloat, true), (signature.Inputs["x"].Name, signature.Inputs["x"].Dtype, signature.Inputs["x"].TensorShape.UnknownRank));
    }

    [Fact]
    public async Task GetModelStatus_VersionAvailable()
    {
        var response = await fixture.Server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "half_plus_two", Version = 123 } });

        var status = Assert.Single(response.ModelVersionStatus);
        Assert.Equal((123L, ModelVersionStatus.Types.State.Available, Tensorflow.Error.Code.Ok), (status.Version, status.State, status.Status.ErrorCode));
    }

    public static TheoryData<string, StatusCode, string> BadRequests() => new()
    {
        { "unknown model", StatusCode.NotFound, "Servable not found for request: Latest(nope)" },
        { "no model spec", StatusCode.InvalidArgument, "Missing ModelSpec" },
        { "unknown signature", StatusCode.FailedPrecondition, "Serving signature key \"nope\" not found." },
        // The dtype is checked against the signature before any decoding, as TF Serving's session does.
        { "unsupported dtype", StatusCode.InvalidArgument, "Expects arg[0] to be float but complex64 is provided (input 'x')." },
        { "short tensor_content", StatusCode.InvalidArgument, "tensor parsing error: x: tensor_content has 4 bytes but DT_FLOAT[3] needs 12" },
        { "unknown output filter", StatusCode.InvalidArgument, "output tensor alias not found in signature: z Outputs expected to be in the set {y}." },
        { "wrong dtype", StatusCode.InvalidArgument, "Expects arg[0] to be float but double is provided" },
        { "wrong shape for the model", StatusCode.InvalidArgument, "Got invalid dimensions for input: x" },
        { "metadata without field", StatusCode.InvalidArgument, "GetModelMetadataRequest must specify at least one metadata_field" },
        { "status of unknown version", StatusCode.NotFound, "Could not find version 4 of model half_plus_two" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequest_TfServingCodeAndMessage(string scenario, StatusCode code, string message)
    {
        var error = await Assert.ThrowsAsync<RpcException>(() => Send(scenario));

        Assert.Equal(code, error.StatusCode);
        Assert.StartsWith(message, error.Status.Detail, StringComparison.Ordinal);
        Assert.Equal([2.5f], (await Prediction.PredictAsync(Request("half_plus_two", FloatTensor([1], 1f)))).Outputs["y"].FloatVal);
    }

    private Task Send(string scenario) => scenario switch
    {
        "unknown model" => Prediction.PredictAsync(Request("nope", FloatTensor([1], 1f))).ResponseAsync,
        "no model spec" => Prediction.PredictAsync(new PredictRequest()).ResponseAsync,
        "unknown signature" => Prediction.PredictAsync(Request("half_plus_two", FloatTensor([1], 1f), "nope")).ResponseAsync,
        "unsupported dtype" => Prediction.PredictAsync(Request("half_plus_two", new TensorProto { Dtype = DataType.DtComplex64 })).ResponseAsync,
        "short tensor_content" => Prediction.PredictAsync(Request("half_plus_two", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Shape(3), TensorContent = ByteString.CopyFrom(new byte[4]) })).ResponseAsync,
        "unknown output filter" => Prediction.PredictAsync(WithFilter(Request("half_plus_two", FloatTensor([1], 1f)), "z")).ResponseAsync,
        "wrong dtype" => Prediction.PredictAsync(Request("half_plus_two", new TensorProto { Dtype = DataType.DtDouble, TensorShape = Shape(1), DoubleVal = { 1 } })).ResponseAsync,
        "wrong shape for the model" => Prediction.PredictAsync(Request("pairs", FloatTensor([1, 3], 1f, 2f, 3f))).ResponseAsync,
        "metadata without field" => Prediction.GetModelMetadataAsync(new GetModelMetadataRequest { ModelSpec = new ModelSpec { Name = "half_plus_two" } }).ResponseAsync,
        "status of unknown version" => fixture.Server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = "half_plus_two", Version = 4 } }).ResponseAsync,
        _ => throw new ArgumentOutOfRangeException(nameof(scenario)),
    };

    private static PredictRequest WithFilter(PredictRequest request, string alias)
    {
        request.OutputFilter.Add(alias);
        return request;
    }

    private static PredictRequest Request(string model, TensorProto x, string signature = "")
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model, SignatureName = signature } };
        request.Inputs["x"] = x;
        return request;
    }

    private static TensorShapeProto Shape(params long[] dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }));
        return shape;
    }

    private static TensorProto FloatTensor(long[] shape, params float[] values) =>
        new() { Dtype = DataType.DtFloat, TensorShape = Shape(shape), FloatVal = { values } };

    /// <summary>A [2,2] tensor with each type's extremes.</summary>
    private static TensorProto IdentityInput(string model)
    {
        var tensor = new TensorProto { TensorShape = Shape(2, 2) };
        switch (model)
        {
            case "identity_float": tensor.Dtype = DataType.DtFloat; tensor.FloatVal.Add([1.5f, -2f, 3.4028235e38f, 1e-30f]); break;
            case "identity_double": tensor.Dtype = DataType.DtDouble; tensor.DoubleVal.Add([1.5, -2, 1.7976931348623157e308, 5e-324]); break;
            case "identity_half": tensor.Dtype = DataType.DtHalf; tensor.HalfVal.Add([0x3E00, 0xC000, 0x7BFF, 0x0001]); break;
            case "identity_int8": tensor.Dtype = DataType.DtInt8; tensor.IntVal.Add([-128, 127, 0, 1]); break;
            case "identity_int16": tensor.Dtype = DataType.DtInt16; tensor.IntVal.Add([-32768, 32767, 0, 1]); break;
            case "identity_int32": tensor.Dtype = DataType.DtInt32; tensor.IntVal.Add([int.MinValue, int.MaxValue, 0, 1]); break;
            case "identity_int64": tensor.Dtype = DataType.DtInt64; tensor.Int64Val.Add([long.MinValue, long.MaxValue, 0, 1]); break;
            case "identity_uint8": tensor.Dtype = DataType.DtUint8; tensor.IntVal.Add([0, 255, 7, 1]); break;
            case "identity_uint16": tensor.Dtype = DataType.DtUint16; tensor.IntVal.Add([0, 65535, 7, 1]); break;
            case "identity_uint32": tensor.Dtype = DataType.DtUint32; tensor.Uint32Val.Add([0, uint.MaxValue, 7, 1]); break;
            case "identity_uint64": tensor.Dtype = DataType.DtUint64; tensor.Uint64Val.Add([0, ulong.MaxValue, 7, 1]); break;
            case "identity_bool": tensor.Dtype = DataType.DtBool; tensor.BoolVal.Add([true, false, false, true]); break;
            case "identity_string": tensor.Dtype = DataType.DtString; tensor.StringVal.Add(new[] { "a", "\u00e9t\u00e9", "", "x y" }.Select(ByteString.CopyFromUtf8)); break;
        }

        return tensor;
    }

    /// <summary>The same values as TF Serving prints them (whitespace removed).</summary>
    private static string ExpectedJson(string model) => model switch
    {
        "identity_float" => "[[1.5,-2.0],[3.40282347e+38,1e-30]]",
        "identity_double" => "[[1.5,-2.0],[1.7976931348623157e+308,4.94066e-324]]",
        "identity_half" => "[[1.5,-2.0],[65504.0,5.96046448e-08]]",
        "identity_int8" => "[[-128,127],[0,1]]",
        "identity_int16" => "[[-32768,32767],[0,1]]",
        "identity_int32" => "[[-2147483648,2147483647],[0,1]]",
        "identity_int64" => "[[-9223372036854775808,9223372036854775807],[0,1]]",
        "identity_uint8" => "[[0,255],[7,1]]",
        "identity_uint16" => "[[0,65535],[7,1]]",
        "identity_uint32" => "[[0,4294967295],[7,1]]",
        "identity_uint64" => "[[0,18446744073709551615],[7,1]]",
        "identity_bool" => "[[true,false],[false,true]]",
        "identity_string" => "[[\"a\",\"\u00e9t\u00e9\"],[\"\",\"x y\"]]",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    private async Task<string> PostJsonAsync(string path, string body)
    {
        using var response = await fixture.Server.Http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return text;
    }
}

/// <summary>Test helpers for TensorProto.</summary>
internal static class TensorProtoTestExtensions
{
    /// <summary>The typed values of a numeric tensor as raw little-endian bytes (what tensor_content holds).</summary>
    public static ByteString ToTensorContent(this TensorProto tensor)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream);
        switch (tensor.Dtype)
        {
            case DataType.DtFloat: tensor.FloatVal.ToList().ForEach(writer.Write); break;
            case DataType.DtDouble: tensor.DoubleVal.ToList().ForEach(writer.Write); break;
            case DataType.DtHalf: tensor.HalfVal.ToList().ForEach(v => writer.Write((ushort)v)); break;
            case DataType.DtInt8: tensor.IntVal.ToList().ForEach(v => writer.Write((sbyte)v)); break;
            case DataType.DtInt16: tensor.IntVal.ToList().ForEach(v => writer.Write((short)v)); break;
            case DataType.DtInt32: tensor.IntVal.ToList().ForEach(writer.Write); break;
            case DataType.DtInt64: tensor.Int64Val.ToList().ForEach(writer.Write); break;
            case DataType.DtUint8: tensor.IntVal.ToList().ForEach(v => writer.Write((byte)v)); break;
            case DataType.DtUint16: tensor.IntVal.ToList().ForEach(v => writer.Write((ushort)v)); break;
            case DataType.DtUint32: tensor.Uint32Val.ToList().ForEach(writer.Write); break;
            case DataType.DtUint64: tensor.Uint64Val.ToList().ForEach(writer.Write); break;
            case DataType.DtBool: tensor.BoolVal.ToList().ForEach(writer.Write); break;
        }

        writer.Flush();
        return ByteString.CopyFrom(stream.ToArray());
    }
}
