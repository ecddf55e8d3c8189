using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using static SealServe.FunctionalTests.V2.V2Http;

namespace SealServe.FunctionalTests.V2;

/// <summary>The Open Inference Protocol (KServe v2) on the REST port, end to end with a plain HttpClient.</summary>
public sealed class V2RestTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private HttpClient Http => fixture.Server.Http;

    [Fact]
    public async Task ServerMetadata_NamesServerAndBinaryExtension()
    {
        var (status, json) = await GetAsync(Http, "/v2");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("sealserve", json.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
        Assert.Contains("binary_tensor_data", json.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Health_LiveAndReady_200()
    {
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Http, "/v2/health/live")).Status);
        var (status, json) = await GetAsync(Http, "/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("ready").GetBoolean());
    }

    [Theory]
    [InlineData("/v2/models/half_plus_two")]
    [InlineData("/v2/models/half_plus_two/versions/123")]
    public async Task ModelMetadata_SignatureAliasesAsTensors(string path)
    {
        var (status, json) = await GetAsync(Http, path);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("half_plus_two", json.GetProperty("name").GetString());
        Assert.Equal(["123"], json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnx_onnxv1", json.GetProperty("platform").GetString());
        var input = json.GetProperty("inputs").EnumerateArray().Single();
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L], Shape(input));
        Assert.Equal("y", json.GetProperty("outputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task ModelMetadata_DeclaredShape_DynamicDimensionsAsMinusOne()
    {
        var (_, json) = await GetAsync(Http, "/v2/models/pairs");

        Assert.Equal([-1L, 2L], Shape(json.GetProperty("inputs")[0]));
    }

    [Fact]
    public async Task ModelReady_LoadedVersion200_OthersNotReady400()
    {
        var (status, json) = await GetAsync(Http, "/v2/models/half_plus_two/ready");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(json.GetProperty("ready").GetBoolean());

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(Http, "/v2/models/half_plus_two/versions/123/ready")).Status);
        var (missing, error) = await GetAsync(Http, "/v2/models/half_plus_two/versions/7/ready");
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Contains("half_plus_two", Error(error), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(Http, "/v2/models/no_such_model/ready")).Status);
    }

    [Fact]
    public async Task Infer_FlatJson_OutputsWithIdAndVersion()
    {
        var (status, json) = await InferAsync(Http, "half_plus_two", """{"id": "42", "inputs": [{"name": "x", "shape": [3], "datatype": "FP32", "data": [1, 2, 5]}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("42", json.GetProperty("id").GetString());
        Assert.Equal("half_plus_two", json.GetProperty("model_name").GetString());
        Assert.Equal("123", json.GetProperty("model_version").GetString());
        var y = Output(json, "y");
        Assert.Equal("FP32", y.GetProperty("datatype").GetString());
        Assert.Equal([3L], Shape(y));
        Assert.Equal([2.5, 3.0, 4.5], Numbers(y));
    }

    [Fact]
    public async Task Infer_NestedJson_SameAsFlat()
    {
        var (status, json) = await InferAsync(Http, "half_plus_two/versions/123", """{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [[1, 2], [3, 4]]}]}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(json.TryGetProperty("id", out _));
        Assert.Equal([2L, 2L], Shape(Output(json, "y")));
        Assert.Equal([2.5, 3.0, 3.5, 4.0], Numbers(Output(json, "y")));
    }

    [Fact]
    public async Task Infer_BinaryInputAndOutput_RawLittleEndian()
    {
        float[] x = [1f, 2f, 5f, -4f];
        var (status, json, binary) = await InferBinaryAsync(
            Http,
            "/v2/models/half_plus_two/infer",
            """{"inputs": [{"name": "x", "shape": [4], "datatype": "FP32", "parameters": {"binary_data_size": 16}}], "outputs": [{"name": "y", "parameters": {"binary_data": true}}]}""",
            MemoryMarshal.AsBytes(x.AsSpan()).ToArray());

        Assert.Equal(HttpStatusCode.OK, status);
        var y = Output(json, "y");
        Assert.Equal(16, y.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(y.TryGetProperty("data", out _));
        Assert.Equal([2.5f, 3f, 4.5f, 0f], MemoryMarshal.Cast<byte, float>(binary).ToArray());
    }

    [Fact]
    public async Task Infer_BinaryDataOutputParameter_OverriddenPerOutput()
    {
        const string Json = """{"parameters": {"binary_data_output": true}, "inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [4]}]}""";
        var (_, all, binary) = await InferBinaryAsync(Http, "/v2/models/half_plus_two/infer", Json);
        Assert.Equal([4f], MemoryMarshal.Cast<byte, float>(binary).ToArray());
        Assert.Equal(4, Output(all, "y").GetProperty("parameters").GetProperty("binary_data_size").GetInt32());

        var (_, overridden, none) = await InferBinaryAsync(
            Http, "/v2/models/half_plus_two/infer", Json.Replace("]}]}", "]}], \"outputs\": [{\"name\": \"y\", \"parameters\": {\"binary_data\": false}}]}", StringComparison.Ordinal));
        Assert.Empty(none);
        Assert.Equal([4.0], Numbers(Output(overridden, "y")));
    }

    public static TheoryData<string, string, string> JsonValues() => new()
    {
        { "identity_bool", "BOOL", "[true, false, true]" },
        { "identity_int8", "INT8", "[-128, 0, 127]" },
        { "identity_int16", "INT16", "[-32768, 1, 32767]" },
        { "identity_int32", "INT32", "[-2147483648, 7, 2147483647]" },
        { "identity_int64", "INT64", "[-9223372036854775808, 7, 9223372036854775807]" },
        { "identity_uint8", "UINT8", "[0, 1, 255]" },
        { "identity_uint16", "UINT16", "[0, 1, 65535]" },
        { "identity_uint32", "UINT32", "[0, 1, 4294967295]" },
        { "identity_uint64", "UINT64", "[0, 1, 18446744073709551615]" },
        { "identity_half", "FP16", "[0.5, -2, 65504]" },
        { "identity_bfloat16", "BF16", "[0.5, -2, 3.015625]" },
        { "identity_float", "FP32", "[0.1, -2.5, 3.4028235E+38]" },
        { "identity_double", "FP64", "[0.1, -2.5, 1.7976931348623157E+308]" },
        { "identity_string", "BYTES", "[\"a\", \"\", \"héllo\"]" },
    };

    /// <summary>Every datatype goes through JSON and comes back the same, in JSON and as binary data.</summary>
    [Theory]
    [MemberData(nameof(JsonValues))]
    public async Task Infer_EveryDatatype_RoundTripsThroughJsonAndBinary(string model, string datatype, string data)
    {
        var request = $$"""{"inputs": [{"name": "x", "shape": [3], "datatype": "{{datatype}}", "data": {{data}}}]}""";
        using var expected = JsonDocument.Parse(data);

        var (status, json) = await InferAsync(Http, model, request);

        Assert.True(status == HttpStatusCode.OK, json.ToString());
        var y = Output(json, "y");
        Assert.Equal(datatype, y.GetProperty("datatype").GetString());
        AssertSameValues(expected.RootElement, y.GetProperty("data"), datatype);

        // The output as binary data, then that binary data sent back in as the input.
        var (_, binaryJson, binary) = await InferBinaryAsync(Http, $"/v2/models/{model}/infer", request.Replace("}]}", "}], \"parameters\": {\"binary_data_output\": true}}", StringComparison.Ordinal));
        Assert.Equal(binary.Length, Output(binaryJson, "y").GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        var (again, roundTrip, _) = await InferBinaryAsync(
            Http, $"/v2/models/{model}/infer", $$$"""{"inputs": [{"name": "x", "shape": [3], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{binary.Length}}}}}]}""", binary);
        Assert.Equal(HttpStatusCode.OK, again);
        AssertSameValues(expected.RootElement, Output(roundTrip, "y").GetProperty("data"), datatype);
    }

    [Fact]
    public async Task Infer_BytesNotUtf8_SentAsBase64Object()
    {
        byte[] value = [0xff, 0x00, 0x41];
        var raw = BitConverter.GetBytes(value.Length).Concat(value).ToArray();
        var (status, json, _) = await InferBinaryAsync(
            Http, "/v2/models/identity_string/infer", """{"inputs": [{"name": "x", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": 7}}]}""", raw);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Convert.ToBase64String(value), Output(json, "y").GetProperty("data")[0].GetProperty("b64").GetString());
    }

    [Fact]
    public async Task Infer_SignatureNameParameter_Unknown_400NamesIt()
    {
        var (status, json) = await InferAsync(Http, "half_plus_two", """{"parameters": {"signature_name": "nope"}, "inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("\"nope\"", Error(json), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadRequests() => new()
    {
        { "half_plus_two", """{"inputs": [{"name": "z", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "tensor 'z': model 'half_plus_two' has no such input; its inputs are x" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP64", "data": [1]}]}""", "tensor 'x': datatype FP64 does not match the model's FP32" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, 3]}]}""", "tensor 'x': shape [2,2] has 4 elements but 'data' has 3 values" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "data": [1, 2, 3]}]}""", "tensor 'x': 'data' has more values than the 2 elements of its shape" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FLOAT", "data": [1]}]}""", "tensor 'x': unknown datatype 'FLOAT'" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": ["a"]}]}""", "tensor 'x': \"a\" is not a valid FP32 value" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [-1], "datatype": "FP32", "data": [1]}]}""", "tensor 'x': dimension 0 of the shape is -1" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}], "outputs": [{"name": "w"}]}""", "tensor 'w': model 'half_plus_two' has no such output; its outputs are y" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}""", "tensor 'x': the request sends this input twice" },
        { "half_plus_two", """{"inputs": []}""", "'inputs' must be a non-empty array" },
        { "half_plus_two", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32"}]}""", "tensor 'x': has neither 'data' nor a binary_data_size parameter" },
        { "half_plus_two", "{\"inputs\": [", "the JSON is malformed" },
        { "identity_uint8", """{"inputs": [{"name": "x", "shape": [1], "datatype": "UINT8", "data": [256]}]}""", "tensor 'x': 256 is not a valid UINT8 value" },
        { "pairs", """{"inputs": [{"name": "x", "shape": [1, 3], "datatype": "FP32", "data": [1, 2, 3]}]}""", "tensor 'x': shape [1,3] does not match the model's [-1,2]" },
        { "identity_half", """{"inputs": [{"name": "x", "shape": [1000000000000], "datatype": "FP16", "data": [1]}]}""", "tensor 'x': shape [1000000000000] has 1000000000000 elements, more than" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Infer_BadRequest_400NamingWhatIsWrong(string model, string body, string message)
    {
        var (status, json) = await InferAsync(Http, model, body);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(message, Error(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Infer_BinarySizesDisagree_400()
    {
        var (status, json, _) = await InferBinaryAsync(
            Http, "/v2/models/half_plus_two/infer", """{"inputs": [{"name": "x", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}]}""", new byte[12]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("12 bytes of binary data follow the JSON but the inputs' binary_data_size add up to 8", Error(json), StringComparison.Ordinal);

        (status, json, _) = await InferBinaryAsync(
            Http, "/v2/models/half_plus_two/infer", """{"inputs": [{"name": "x", "shape": [3], "datatype": "FP32", "parameters": {"binary_data_size": 8}}]}""", new byte[8]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("tensor 'x': 8 bytes of data, but FP32 of shape [3] takes 12", Error(json), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownModel_404_UnknownPath_404()
    {
        var (status, json) = await InferAsync(Http, "no_such_model", """{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}""");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("no_such_model", Error(json), StringComparison.Ordinal);

        var (pathStatus, pathJson) = await GetAsync(Http, "/v2/repository/index");
        Assert.Equal(HttpStatusCode.NotFound, pathStatus);
        Assert.Contains("GET /v2/repository/index", Error(pathJson), StringComparison.Ordinal);
    }

    /// <summary>Floats by value (FP16, BF16 and FP32 values here are exact in their type), strings by text, other values as written.</summary>
    private static void AssertSameValues(JsonElement expected, JsonElement actual, string datatype)
    {
        Func<JsonElement, string> text = datatype switch
        {
            "FP16" or "BF16" or "FP32" => v => ((float)v.GetDouble()).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "FP64" => v => v.GetDouble().ToString("R", System.Globalization.CultureInfo.InvariantCulture),
            "BYTES" => v => v.GetString()!,
            _ => v => v.GetRawText(),
        };
        Assert.Equal(expected.EnumerateArray().Select(text), actual.EnumerateArray().Select(text));
    }
}
