using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using SealServe.Core.Errors;
using SealServe.Models.Config;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Security;

/// <summary>
/// API keys of <c>--auth_config_file</c> against a real server: the matrix of callers (none, wrong, user, admin) ×
/// transports (REST, gRPC) × calls (predict, status, reload), the same refusal for a model that exists and one that
/// does not, open health and metrics, reloading the file, and tokens kept out of every log line.
/// </summary>
public sealed class AuthTests(AuthTests.ServerFixture fixture) : IClassFixture<AuthTests.ServerFixture>
{
    public const string UserToken = "user-token-3f9c2a7d";
    public const string AdminToken = "admin-token-81be40c2";
    private const string WrongToken = "wrong-token-00000000";

    public static TheoryData<string, string, string, string> Matrix()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var api in new[] { "rest", "grpc" })
        {
            foreach (var call in new[] { "predict", "status" })
            {
                data.Add("none", api, call, "401");
                data.Add("wrong", api, call, "401");
                data.Add("user", api, call, "200");
                data.Add("admin", api, call, "200");
            }
        }

        // TF Serving's REST API has no reload: it is a gRPC ModelService call.
        data.Add("none", "grpc", "reload", "401");
        data.Add("wrong", "grpc", "reload", "401");
        data.Add("user", "grpc", "reload", "403");
        data.Add("admin", "grpc", "reload", "200");
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Call_CallerApiAndCall_AnsweredAsTheRulesSay(string caller, string api, string call, string expected)
    {
        var server = await fixture.GetAsync();
        var token = Token(caller);

        var (status, message) = api == "rest" ? await RestAsync(server, token, call, "m") : await GrpcAsync(server, token, call, "m");

        Assert.True(status == expected, $"{caller} {api} {call}: {status} {message}");
        Assert.Equal(expected switch
        {
            "401" when token is null => "Missing bearer token: send the header 'Authorization: Bearer <token>'",
            "401" => "Invalid bearer token",
            "403" => "Permission denied: /tensorflow.serving.ModelService/HandleReloadConfigRequest needs an admin token",
            _ => message,
        }, message);
    }

    [Theory]
    [InlineData("rest")]
    [InlineData("grpc")]
    public async Task Predict_ModelOutsideTheKeysList_SameRefusalWhetherItExistsOrNot(string api)
    {
        var server = await fixture.GetAsync();

        var existing = api == "rest" ? await RestAsync(server, UserToken, "predict", "n") : await GrpcAsync(server, UserToken, "predict", "n");
        var missing = api == "rest" ? await RestAsync(server, UserToken, "predict", "ghost") : await GrpcAsync(server, UserToken, "predict", "ghost");
        var missingForAdmin = api == "rest" ? await RestAsync(server, AdminToken, "predict", "ghost") : await GrpcAsync(server, AdminToken, "predict", "ghost");

        Assert.Equal(("403", "Permission denied for model 'n'"), existing);
        Assert.Equal(("403", "Permission denied for model 'ghost'"), missing);
        Assert.Equal("404", missingForAdmin.Status);
    }

    [Theory]
    [InlineData("rest:classify")]
    [InlineData("rest:regress")]
    [InlineData("grpc:Classify")]
    [InlineData("grpc:Regress")]
    [InlineData("grpc:MultiInference")]
    public async Task ExampleCalls_ModelOutsideTheKeysList_Refused(string call)
    {
        var server = await fixture.GetAsync();

        var refused = await ExampleCallAsync(server, UserToken, call, "n");
        var anonymous = await ExampleCallAsync(server, null, call, "m");
        var allowed = await ExampleCallAsync(server, UserToken, call, "m");

        Assert.Equal(("403", "Permission denied for model 'n'"), refused);
        Assert.Equal("401", anonymous.Status);
        Assert.DoesNotContain(allowed.Status, new[] { "401", "403" }); // Past the check: m's ONNX model then refuses tf.Examples.
    }

    [Fact]
    public async Task RestRefusals_CarryTheBearerChallengeAndTfServingsErrorBody()
    {
        var server = await fixture.GetAsync();
        using var missing = new HttpRequestMessage(HttpMethod.Get, "/v1/models/m");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v1/models/m") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", WrongToken) } };

        using var noToken = await server.Http.SendAsync(missing);
        using var badToken = await server.Http.SendAsync(wrong);

        Assert.Equal("Bearer", noToken.Headers.WwwAuthenticate.ToString());
        Assert.Equal("Bearer error=\"invalid_token\"", badToken.Headers.WwwAuthenticate.ToString());
        Assert.Equal("{\n    \"error\": \"Invalid bearer token\"\n}", await badToken.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task HealthAndMetrics_StayOpenWithoutAToken()
    {
        var server = await fixture.GetAsync();

        using var live = await server.Http.GetAsync("/v1/health/live");
        using var ready = await server.Http.GetAsync("/v1/health/ready");
        using var metrics = await server.Http.GetAsync(MonitoringOptions.DefaultPrometheusPath);
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort}");
        var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task AuditAndLogs_NameKeysAndRefusals_NeverATokenOrItsHash()
    {
        var server = await fixture.GetAsync();

        await RestAsync(server, null, "predict", "m");
        await GrpcAsync(server, UserToken, "predict", "n");
        await GrpcAsync(server, AdminToken, "reload", "m");

        var audit = server.Logs.Audit;
        Assert.Contains(audit, l => l.StartsWith("Warning: Authentication failed: rest POST /v1/models/m:predict from 127.0.0.1: no bearer token", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.StartsWith("Warning: Access denied: api_key:app grpc /tensorflow.serving.PredictionService/Predict on n from ", StringComparison.Ordinal));
        Assert.Contains(audit, l => l.StartsWith("Information: Admin call: api_key:ops grpc /tensorflow.serving.ModelService/HandleReloadConfigRequest from ", StringComparison.Ordinal));
        foreach (var secret in new[] { UserToken, AdminToken, WrongToken, ServerFixture.Sha256(UserToken), ServerFixture.Sha256(AdminToken) })
        {
            Assert.DoesNotContain(server.Logs.Lines, l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task AuthConfigFile_Changed_NewKeyWorksWithoutRestart()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        var folder = Directory.CreateTempSubdirectory("sealserve-auth-");
        try
        {
            var config = Path.Combine(folder.FullName, "auth.pbtxt");
            File.WriteAllText(config, ServerFixture.Key("ops", AdminToken, admin: true));
            await using var server = await TestServer.StartAsync([ModelConfig.Create("m", repository.BasePath)], configure: o => o.AuthConfigFile = config);
            var before = await RestAsync(server, UserToken, "status", "m");

            File.WriteAllText(config + ".new", ServerFixture.Key("ops", AdminToken, admin: true) + ServerFixture.Key("app", UserToken, "m"));
            File.Move(config + ".new", config, overwrite: true);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            var after = before;
            while (after.Status != "200" && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
                after = await RestAsync(server, UserToken, "status", "m");
            }

            Assert.Equal("401", before.Status);
            Assert.Equal("200", after.Status);
            Assert.Contains(server.Logs.Lines, l => l.Contains($"Reloaded --auth_config_file {config}", StringComparison.Ordinal));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Start_AuthConfigWithATokenInsteadOfItsHash_RefusesWithoutQuotingIt()
    {
        var folder = Directory.CreateTempSubdirectory("sealserve-auth-");
        try
        {
            var config = Path.Combine(folder.FullName, "auth.pbtxt");
            File.WriteAllText(config, $"api_key {{ name: \"app\" sha256: \"{UserToken}\" models: \"m\" }}\napi_key {{ name: \"idle\" sha256: \"{ServerFixture.Sha256("x")}\" }}\n");

            var error = await Assert.ThrowsAsync<ServingException>(() => TestServer.StartAsync([], configure: o => o.AuthConfigFile = config));

            Assert.Equal(
                "2 errors in the auth config: AuthConfig api_key 'app': sha256 must be the token's SHA-256 as 64 hex digits (printf %s \"$TOKEN\" | sha256sum), not the token; "
                + "AuthConfig api_key 'idle' lists no models and is not admin: it could call nothing",
                error.Message);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Serve_AuthConfigFlag_GuardsTheRestPort()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        var folder = Directory.CreateTempSubdirectory("sealserve-auth-");
        try
        {
            var config = Path.Combine(folder.FullName, "auth.pbtxt");
            File.WriteAllText(config, ServerFixture.Key("app", UserToken, "half_plus_two"));
            var rest = ServeProcessTests.FreePort();
            using var server = ServerProcess.Start(
                $"{ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_name=half_plus_two --model_base_path={repository.BasePath} --auth_config_file={config}",
                RepositoryRoot.Path);
            await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", TimeSpan.FromMinutes(1));
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{rest}") };

            using var refused = await http.GetAsync("/v1/models/half_plus_two");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/models/half_plus_two") { Headers = { Authorization = new AuthenticationHeaderValue("Bearer", UserToken) } };
            using var allowed = await http.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            Assert.Contains("Authentication failed: rest GET /v1/models/half_plus_two", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(UserToken, server.Output, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    internal static async Task<(string Status, string Message)> RestAsync(TestServer server, string? token, string call, string model)
    {
        using var request = call == "predict"
            ? new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}:predict") { Content = new StringContent("{\"instances\": [1.0]}", Encoding.UTF8, "application/json") }
            : new HttpRequestMessage(HttpMethod.Get, $"/v1/models/{model}");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await server.Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var message = response.IsSuccessStatusCode ? string.Empty : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
        return (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), message);
    }

    internal static async Task<(string Status, string Message)> GrpcAsync(TestServer server, string? token, string call, string model)
    {
        var headers = token is null ? new Metadata() : new Metadata { { "authorization", $"Bearer {token}" } };
        try
        {
            switch (call)
            {
                case "predict":
                    var request = new PredictRequest { ModelSpec = new ModelSpec { Name = model } };
                    request.Inputs["x"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto(), FloatVal = { 1f } };
                    await server.Prediction.PredictAsync(request, headers);
                    break;
                case "status":
                    await server.Models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = new ModelSpec { Name = model } }, headers);
                    break;
                default:
                    await server.Models.HandleReloadConfigRequestAsync(new ReloadConfigRequest(), headers);
                    break;
            }

            return ("200", string.Empty);
        }
        catch (RpcException e)
        {
            return (e.StatusCode switch
            {
                Grpc.Core.StatusCode.Unauthenticated => "401",
                Grpc.Core.StatusCode.PermissionDenied => "403",
                Grpc.Core.StatusCode.NotFound => "404",
                var other => other.ToString(),
            }, e.Status.Detail);
        }
    }

    /// <summary>A Classify, Regress or MultiInference call (<c>rest:verb</c> or <c>grpc:Method</c>); MultiInference's second task names <paramref name="model"/>, its first m.</summary>
    private static async Task<(string Status, string Message)> ExampleCallAsync(TestServer server, string? token, string call, string model)
    {
        var (api, method) = (call[..call.IndexOf(':', StringComparison.Ordinal)], call[(call.IndexOf(':', StringComparison.Ordinal) + 1)..]);
        if (api == "rest")
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}:{method}") { Content = new StringContent("{\"examples\": [{\"x\": 1.0}]}", Encoding.UTF8, "application/json") };
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }

            using var response = await server.Http.SendAsync(request);
            var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return (((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), body.TryGetProperty("error", out var error) ? error.GetString()! : string.Empty);
        }

        var headers = token is null ? new Metadata() : new Metadata { { "authorization", $"Bearer {token}" } };
        var input = new Input { ExampleList = new ExampleList { Examples = { new Tensorflow.Example() } } };
        try
        {
            switch (method)
            {
                case "Classify":
                    await server.Prediction.ClassifyAsync(new ClassificationRequest { ModelSpec = new ModelSpec { Name = model }, Input = input }, headers);
                    break;
                case "Regress":
                    await server.Prediction.RegressAsync(new RegressionRequest { ModelSpec = new ModelSpec { Name = model }, Input = input }, headers);
                    break;
                default:
                    var multi = new MultiInferenceRequest { Input = input };
                    multi.Tasks.Add(new InferenceTask { ModelSpec = new ModelSpec { Name = "m" }, MethodName = "tensorflow/serving/regress" });
                    multi.Tasks.Add(new InferenceTask { ModelSpec = new ModelSpec { Name = model }, MethodName = "tensorflow/serving/classify" });
                    await server.Prediction.MultiInferenceAsync(multi, headers);
                    break;
            }

            return ("200", string.Empty);
        }
        catch (RpcException e)
        {
            return (e.StatusCode switch
            {
                Grpc.Core.StatusCode.Unauthenticated => "401",
                Grpc.Core.StatusCode.PermissionDenied => "403",
                var other => other.ToString(),
            }, e.Status.Detail);
        }
    }

    private static string? Token(string caller) => caller switch
    {
        "user" => UserToken,
        "admin" => AdminToken,
        "wrong" => WrongToken,
        _ => null,
    };

    /// <summary>One server with models m and n, an API key for m only, an admin key, health and metrics on.</summary>
    public sealed class ServerFixture : IAsyncDisposable
    {
        private readonly TempModelRepository m = new();
        private readonly TempModelRepository n = new();
        private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-auth-");
        private readonly Lazy<Task<TestServer>> server;

        public ServerFixture()
        {
            m.AddVersion("1", TestModels.HalfPlusTwo());
            n.AddVersion("1", TestModels.HalfPlusTwo());
            var config = Path.Combine(folder.FullName, "auth.pbtxt");
            File.WriteAllText(config, Key("app", UserToken, "m") + Key("ops", AdminToken, admin: true));
            server = new(() => TestServer.StartAsync(
                [ModelConfig.Create("m", m.BasePath), ModelConfig.Create("n", n.BasePath)],
                configure: o =>
                {
                    o.AuthConfigFile = config;
                    o.EnableGrpcHealthCheck = true;
                    o.Monitoring = new MonitoringOptions { PrometheusEnabled = true };
                }));
        }

        public static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

        public static string Key(string name, string token, string? model = null, bool admin = false) =>
            $"api_key {{ name: \"{name}\" sha256: \"{Sha256(token)}\"{(model is null ? string.Empty : $" models: \"{model}\"")}{(admin ? " admin: true" : string.Empty)} }}\n";

        public Task<TestServer> GetAsync() => server.Value;

        public async ValueTask DisposeAsync()
        {
            if (server.IsValueCreated)
            {
                await (await server.Value).DisposeAsync();
            }

            m.Dispose();
            n.Dispose();
            folder.Delete(recursive: true);
        }
    }
}
