using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Inference;
using SealServe.FunctionalTests.Security;

namespace SealServe.FunctionalTests.V2;

/// <summary>
/// <c>--auth_config_file</c> covers the v2 protocol as it covers TF Serving's API: inference, model metadata and
/// readiness need a token for the model their path or message names; the health probes stay open.
/// </summary>
public sealed class V2AuthTests(AuthTests.ServerFixture fixture) : IClassFixture<AuthTests.ServerFixture>
{
    public static TheoryData<string?, string, HttpStatusCode> RestCalls() => new()
    {
        { null, "POST /v2/models/m/infer", HttpStatusCode.Unauthorized },
        { AuthTests.UserToken, "POST /v2/models/m/infer", HttpStatusCode.OK },
        { AuthTests.UserToken, "POST /v2/models/n/infer", HttpStatusCode.Forbidden },
        { AuthTests.UserToken, "POST /v2/models/%6E/versions/1/infer", HttpStatusCode.Forbidden },
        { AuthTests.UserToken, "GET /v2/models/n", HttpStatusCode.Forbidden },
        { AuthTests.UserToken, "GET /v2/models/n/ready", HttpStatusCode.Forbidden },
        { AuthTests.UserToken, "GET /v2/models/m/ready", HttpStatusCode.OK },
        { null, "GET /v2", HttpStatusCode.Unauthorized },
        { AuthTests.UserToken, "GET /v2", HttpStatusCode.OK },
        { null, "GET /v2/health/live", HttpStatusCode.OK },
        { null, "GET /v2/health/ready", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(RestCalls))]
    public async Task Rest_ModelNamedByThePath_Guarded(string? token, string call, HttpStatusCode expected)
    {
        var server = await fixture.GetAsync();
        var (method, path) = (call.Split(' ')[0], call.Split(' ')[1]);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = new StringContent("""{"inputs": [{"name": "x", "shape": [1], "datatype": "FP32", "data": [1]}]}""", Encoding.UTF8, "application/json");
        }

        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("Permission denied for model 'n'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Grpc_ModelInferAndMetadata_GuardedByModel_HealthOpen()
    {
        var server = await fixture.GetAsync();
        var user = new Metadata { { "authorization", $"Bearer {AuthTests.UserToken}" } };
        var infer = new ModelInferRequest { ModelName = "m", Inputs = { V2GrpcTests.Input("x", "FP32", 1) }, RawInputContents = { ByteString.CopyFrom(new byte[4]) } };

        Assert.True((await server.Inference.ServerLiveAsync(new ServerLiveRequest())).Live);
        Assert.True((await server.Inference.ServerReadyAsync(new ServerReadyRequest())).Ready);
        Assert.Single((await server.Inference.ModelInferAsync(infer, user)).Outputs);

        var unauthenticated = await Assert.ThrowsAsync<RpcException>(() => server.Inference.ModelInferAsync(infer).ResponseAsync);
        Assert.Equal(StatusCode.Unauthenticated, unauthenticated.StatusCode);
        infer.ModelName = "n";
        var denied = await Assert.ThrowsAsync<RpcException>(() => server.Inference.ModelInferAsync(infer, user).ResponseAsync);
        Assert.Equal((StatusCode.PermissionDenied, "Permission denied for model 'n'"), (denied.StatusCode, denied.Status.Detail));
        var metadata = await Assert.ThrowsAsync<RpcException>(() => server.Inference.ModelMetadataAsync(new ModelMetadataRequest { Name = "n" }, user).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, metadata.StatusCode);
        var ready = await Assert.ThrowsAsync<RpcException>(() => server.Inference.ModelReadyAsync(new ModelReadyRequest { Name = "n" }, user).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, ready.StatusCode);
    }
}
