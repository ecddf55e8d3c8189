using System.Net;
using Grpc.Core;
using SealServe.Client;
using SealServe.Client.Sample;
using SealServe.Client.Tensors;
using SealServe.Client.TfServing;
using SealServe.Client.V2;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.FunctionalTests.Client;

/// <summary>SealServe.Client's four clients against the real server: answers, conversions of every datatype, errors, deadlines.</summary>
public sealed class ClientApiTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>, IDisposable
{
    private readonly InferenceGrpcClient v2Grpc = new(new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}"));
    private readonly InferenceRestClient v2Rest = new(new Uri($"http://127.0.0.1:{fixture.Server.RestApiPort}"));
    private readonly TfServingGrpcClient tfGrpc = new(new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}"));
    private readonly TfServingRestClient tfRest = new(new Uri($"http://127.0.0.1:{fixture.Server.RestApiPort}"));

    [Theory]
    [InlineData("grpc")]
    [InlineData("rest-binary")]
    [InlineData("rest-json")]
    public async Task V2Infer_HalfPlusTwo_OutputsIdAndVersion(string transport)
    {
        float[] x = [1f, 2f, 5f];

        var result = await InferAsync(transport, "half_plus_two", [InferTensor.Create<float>("x", x, 3)], new InferOptions { Id = "req-7" });

        Assert.Equal(("half_plus_two", "123", "req-7"), (result.ModelName, result.ModelVersion, result.Id));
        var y = Assert.Single(result.Outputs);
        Assert.Equal(("y", "FP32"), (y.Name, y.Datatype));
        Assert.Equal([3L], y.Shape);
        Assert.Equal([2.5f, 3f, 4.5f], result["y"].ToArray<float>());
    }

    public static TheoryData<string, string> Datatypes()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in new[] { "identity_bool", "identity_int8", "identity_uint8", "identity_int16", "identity_uint16", "identity_int32", "identity_uint32", "identity_int64", "identity_uint64", "identity_half", "identity_bfloat16", "identity_float", "identity_double", "identity_string" })
        {
            foreach (var transport in new[] { "grpc", "rest-binary", "rest-json" })
            {
                data.Add(model, transport);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Datatypes))]
    public async Task V2Infer_EveryDatatype_ComesBackUnchanged(string model, string transport)
    {
        var input = model switch
        {
            "identity_bool" => InferTensor.Create<bool>("x", new[] { true, false, true, true }, 2, 2),
            "identity_int8" => InferTensor.Create<sbyte>("x", new sbyte[] { -128, -1, 0, 127 }, 2, 2),
            "identity_uint8" => InferTensor.Create<byte>("x", new byte[] { 0, 1, 200, 255 }, 2, 2),
            "identity_int16" => InferTensor.Create<short>("x", new short[] { short.MinValue, -2, 3, short.MaxValue }, 2, 2),
            "identity_uint16" => InferTensor.Create<ushort>("x", new ushort[] { 0, 1, 40000, ushort.MaxValue }, 2, 2),
            "identity_int32" => InferTensor.Create<int>("x", new[] { int.MinValue, -5, 6, int.MaxValue }, 2, 2),
            "identity_uint32" => InferTensor.Create<uint>("x", new[] { 0u, 7u, 3_000_000_000u, uint.MaxValue }, 2, 2),
            "identity_int64" => InferTensor.Create<long>("x", new[] { long.MinValue, -9L, 10L, long.MaxValue }, 2, 2),
            "identity_uint64" => InferTensor.Create<ulong>("x", new[] { 0ul, 11ul, 1ul << 63, ulong.MaxValue }, 2, 2),
            "identity_half" => InferTensor.Create<Half>("x", new[] { (Half)(-1.5f), (Half)0.25f, (Half)2048f, Half.MaxValue }, 2, 2),
            "identity_bfloat16" => new InferTensor("x", "BF16", [2, 2], new byte[] { 0xC0, 0x3F, 0x80, 0xBF, 0x00, 0x00, 0x49, 0x42 }),
            "identity_float" => InferTensor.Create<float>("x", new[] { float.NaN, float.NegativeInfinity, 0.1f, 3.4e38f }, 2, 2),
            "identity_double" => InferTensor.Create<double>("x", new[] { double.PositiveInfinity, 0.1, 1e300, double.Epsilon }, 2, 2),
            _ => InferTensor.FromStrings("x", ["a", "ünïcode", "", "long string with spaces"], 2, 2),
        };

        var output = Assert.Single((await InferAsync(transport, model, [input])).Outputs);

        Assert.Equal(input.Datatype, output.Datatype);
        Assert.Equal(input.Shape, output.Shape);
        Assert.Equal(input.Raw.ToArray(), output.Raw.ToArray());
        if (model == "identity_string")
        {
            Assert.Equal(["a", "ünïcode", "", "long string with spaces"], output.ToStrings());
        }
    }

    [Fact]
    public async Task V2HealthAndMetadata_RestAndGrpcAgree()
    {
        Assert.True(await v2Grpc.ServerLiveAsync());
        Assert.True(await v2Rest.ServerLiveAsync());
        Assert.True(await v2Grpc.ServerReadyAsync());
        Assert.True(await v2Rest.ServerReadyAsync());
        Assert.True(await v2Rest.ModelReadyAsync("half_plus_two", "123"));
        Assert.False(await v2Rest.ModelReadyAsync("half_plus_two", "7"));
        Assert.False(await v2Grpc.ModelReadyAsync("no_such_model"));

        var grpcServer = await v2Grpc.ServerMetadataAsync();
        var restServer = await v2Rest.ServerMetadataAsync();
        Assert.Equal(grpcServer, restServer);
        Assert.Contains("binary_tensor_data", restServer.Extensions);

        var grpcModel = await v2Grpc.ModelMetadataAsync("pairs");
        var restModel = await v2Rest.ModelMetadataAsync("pairs", "1");
        Assert.Equal(grpcModel, restModel);
        Assert.Equal([-1L, 2L], restModel.Inputs.Single().Shape);
    }

    [Fact]
    public async Task V2Infer_WrongInputName_400AndInvalidArgumentNamingTheTensor()
    {
        InferTensor[] inputs = [InferTensor.Create<float>("nope", new[] { 1f }, 1)];

        var rest = await Assert.ThrowsAsync<SealServeException>(() => v2Rest.InferAsync("half_plus_two", inputs));
        var grpc = await Assert.ThrowsAsync<RpcException>(() => v2Grpc.InferAsync("half_plus_two", inputs));

        Assert.Equal(HttpStatusCode.BadRequest, rest.Status);
        Assert.Contains("'nope'", rest.Error, StringComparison.Ordinal);
        Assert.Equal(StatusCode.InvalidArgument, grpc.StatusCode);
        Assert.Contains("'nope'", grpc.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TfServingGrpc_PredictStatusAndSignatures()
    {
        float[] x = [1f, 2f, 5f];

        var response = await tfGrpc.PredictAsync("half_plus_two", new Dictionary<string, TensorProto> { ["x"] = TensorProtos.Create<float>(x, 3) });
        var status = await tfGrpc.GetModelStatusAsync("half_plus_two");
        var signatures = await tfGrpc.GetSignaturesAsync("half_plus_two");

        Assert.Equal([2.5f, 3f, 4.5f], response.Outputs["y"].ToArray<float>());
        Assert.Equal([3L], response.Outputs["y"].Shape());
        Assert.Equal((123L, ModelVersionStatus.Types.State.Available), (status.ModelVersionStatus.Single().Version, status.ModelVersionStatus.Single().State));
        Assert.Equal("x", signatures.SignatureDef["serving_default"].Inputs.Keys.Single());
    }

    [Fact]
    public async Task TfServingRest_PredictStatusAndSignatures()
    {
        var outputs = await tfRest.PredictAsync("half_plus_two", [InferTensor.Create<float>("x", new[] { 1f, 2f, 5f, 6f }, 2, 2)]);
        var status = await tfRest.GetModelStatusAsync("half_plus_two", 123);
        var signatures = await tfRest.GetSignaturesAsync("half_plus_two");

        Assert.Equal([2.5, 3, 4.5, 5], outputs.Numbers());
        Assert.Equal([2L, 2L], outputs.Shape());
        Assert.Equal(ModelVersionStatus.Types.State.Available, status.ModelVersionStatus.Single().State);
        Assert.Equal("y", signatures.SignatureDef["serving_default"].Outputs.Keys.Single());
    }

    [Fact]
    public async Task TfServingRest_UnknownModel_ThrowsWithTheServersError()
    {
        var error = await Assert.ThrowsAsync<SealServeException>(() => tfRest.GetModelStatusAsync("no_such_model"));

        Assert.Equal(HttpStatusCode.NotFound, error.Status);
        Assert.Contains("no_such_model", error.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deadline_Passed_DeadlineExceededAndTimeout()
    {
        var options = new SealServeClientOptions { Deadline = TimeSpan.FromTicks(1) };
        using var grpc = new InferenceGrpcClient(new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}"), options);
        using var rest = new InferenceRestClient(new Uri($"http://127.0.0.1:{fixture.Server.RestApiPort}"), options);
        InferTensor[] inputs = [InferTensor.Create<float>("x", new[] { 1f }, 1)];

        var grpcError = await Assert.ThrowsAsync<RpcException>(() => grpc.InferAsync("half_plus_two", inputs));
        await Assert.ThrowsAsync<TimeoutException>(() => rest.InferAsync("half_plus_two", inputs));

        Assert.Equal(StatusCode.DeadlineExceeded, grpcError.StatusCode);
    }

    [Fact]
    public async Task Sample_CallsTheDemoModelBothWays()
    {
        var output = new StringWriter();

        await DemoCalls.RunAsync(new Uri($"http://127.0.0.1:{fixture.Server.GrpcPort}"), new Uri($"http://127.0.0.1:{fixture.Server.RestApiPort}"), output);

        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.All(lines, line => Assert.EndsWith("y = [2.5, 3, 4.5]", line.TrimEnd(), StringComparison.Ordinal));
    }

    public void Dispose()
    {
        v2Grpc.Dispose();
        v2Rest.Dispose();
        tfGrpc.Dispose();
        tfRest.Dispose();
    }

    private Task<InferResult> InferAsync(string transport, string model, InferTensor[] inputs, InferOptions? options = null) => transport switch
    {
        "grpc" => v2Grpc.InferAsync(model, inputs, options),
        _ => v2Rest.InferAsync(model, inputs, new InferOptions { Id = options?.Id, BinaryData = transport == "rest-binary" }),
    };
}
