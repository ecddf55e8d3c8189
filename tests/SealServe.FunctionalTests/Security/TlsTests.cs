using System.Net;
using System.Text;
using Grpc.Core;
using Grpc.Net.Client;
using SealServe.Core.Errors;
using SealServe.TestKit;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Security;

/// <summary>
/// TLS on both ports from TF Serving's SSLConfig, with certificates of a CA made for each test: real HTTPS and
/// gRPC-over-TLS clients, mutual TLS, rotation without a restart, and no clear-text answer on a TLS port.
/// </summary>
public sealed class TlsTests : IDisposable
{
    private const string PredictBody = "{\"instances\": [1.0, 2.0, 5.0]}";
    private readonly TestCertificates ca = new();
    private readonly TempModelRepository repository = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-tls-");

    public TlsTests() => repository.AddVersion("1", TestModels.HalfPlusTwo());

    [Fact]
    public async Task Grpc_SslConfig_PredictsOverTlsOnly()
    {
        var config = Write("grpc.pbtxt", TestCertificates.SslConfig(ca.Server()));
        await using var server = await StartAsync(grpc: config);

        var response = await TlsClients.Grpc(server.GrpcPort!.Value, ca.Authority).PredictAsync(Request());
        using var clear = GrpcChannel.ForAddress($"http://127.0.0.1:{server.GrpcPort!.Value}");
        var refused = await Assert.ThrowsAsync<RpcException>(() => new PredictionService.PredictionServiceClient(clear).PredictAsync(Request()).ResponseAsync);
        var answer = await TlsClients.ClearTextAnswerAsync(server.GrpcPort!.Value);

        Assert.Equal([2.5f], response.Outputs["y"].FloatVal);
        // The TLS port drops the clear-text connection; whether the client sees that before or after it sent its
        // request (UNAVAILABLE or INTERNAL) depends on timing.
        Assert.Contains(refused.StatusCode, new[] { Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.Internal });
        Assert.DoesNotContain("HTTP/", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rest_SslConfig_PredictsOverHttpsOnly()
    {
        var issued = ca.Server();
        var config = Write("rest.pbtxt", TestCertificates.SslConfig(issued));
        await using var server = await StartAsync(rest: config);
        string? presented = null;
        using var https = TlsClients.Https(server.RestApiPort!.Value, ca.Authority, seen: t => presented = t);

        using var response = await https.PostAsync("/v1/models/half_plus_two:predict", new StringContent(PredictBody, Encoding.UTF8, "application/json"));
        var answer = await TlsClients.ClearTextAnswerAsync(server.RestApiPort!.Value);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", await response.Content.ReadAsStringAsync());
        Assert.Equal(issued.Thumbprint, presented);
        Assert.Equal(string.Empty, answer);
        await Assert.ThrowsAsync<HttpRequestException>(() => server.Http.GetAsync("/v1/models/half_plus_two"));
    }

    [Fact]
    public async Task MutualTls_ClientVerify_OnlyClientsOfTheCustomCaGetIn()
    {
        using var otherCa = new TestCertificates("Another CA");
        var config = Write("mtls.pbtxt", TestCertificates.SslConfig(ca.Server(), customCa: ca.AuthorityPem, clientVerify: true));
        await using var server = await StartAsync(grpc: config, rest: config);

        var withCertificate = await TlsClients.Grpc(server.GrpcPort!.Value, ca.Authority, ca.Client()).PredictAsync(Request());
        var without = await Assert.ThrowsAsync<RpcException>(() => TlsClients.Grpc(server.GrpcPort!.Value, ca.Authority).PredictAsync(Request()).ResponseAsync);
        var otherAuthority = await Assert.ThrowsAsync<RpcException>(() => TlsClients.Grpc(server.GrpcPort!.Value, ca.Authority, otherCa.Client()).PredictAsync(Request()).ResponseAsync);
        using var restWith = TlsClients.Https(server.RestApiPort!.Value, ca.Authority, ca.Client());
        using var restWithout = TlsClients.Https(server.RestApiPort!.Value, ca.Authority);
        var status = await restWith.GetStringAsync("/v1/models/half_plus_two");

        Assert.Equal([2.5f], withCertificate.Outputs["y"].FloatVal);
        // Refused in the handshake: with TLS 1.3 the client may only learn it when the connection drops (INTERNAL).
        Assert.Contains(without.StatusCode, new[] { Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.Internal });
        Assert.Contains(otherAuthority.StatusCode, new[] { Grpc.Core.StatusCode.Unavailable, Grpc.Core.StatusCode.Internal });
        Assert.Contains("\"AVAILABLE\"", status, StringComparison.Ordinal);
        await Assert.ThrowsAsync<HttpRequestException>(() => restWithout.GetStringAsync("/v1/models/half_plus_two"));
    }

    [Fact]
    public async Task Rotation_NewCertificateInTheFile_ServedToNewConnectionsWithoutRestart()
    {
        var first = ca.Server("first");
        var second = ca.Server("second");
        var config = Write("rotating.pbtxt", TestCertificates.SslConfig(first));
        await using var server = await StartAsync(rest: config);
        var presented = new List<string>();
        using var https = TlsClients.Https(server.RestApiPort!.Value, ca.Authority, seen: presented.Add);
        await https.GetStringAsync("/v1/models/half_plus_two");

        Write("rotating.pbtxt", TestCertificates.SslConfig(second));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (presented[^1] != second.Thumbprint && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
            await https.GetStringAsync("/v1/models/half_plus_two");
        }

        Assert.Equal(first.Thumbprint, presented[0]);
        Assert.Equal(second.Thumbprint, presented[^1]);
        Assert.Contains(server.Logs.Lines, l => l.Contains($"Reloaded --rest_api_ssl_config_file {config}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Rotation_BrokenFile_KeepsTheCertificateInEffect()
    {
        var issued = ca.Server();
        var config = Write("broken.pbtxt", TestCertificates.SslConfig(issued));
        await using var server = await StartAsync(rest: config);

        Write("broken.pbtxt", "server_key: \"-----BEGIN TEST PLACEHOLDER-----\\nnot a key\\n-----END TEST PLACEHOLDER-----\\n\" server_cert: \"-----BEGIN CERTIFICATE-----\\nAAAA\\n-----END CERTIFICATE-----\\n\"");
        await WaitForLogAsync(server, "cannot be used, the previous one stays in effect");
        string? presented = null;
        using var https = TlsClients.Https(server.RestApiPort!.Value, ca.Authority, seen: t => presented = t);
        await https.GetStringAsync("/v1/models/half_plus_two");

        Assert.Equal(issued.Thumbprint, presented);
        Assert.DoesNotContain(server.Logs.Lines, l => l.Contains("not a key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_KeyOfAnotherCertificate_RefusesNamingTheFile()
    {
        var certificate = ca.Server("one");
        var key = ca.Server("two");
        var config = Write("mismatch.pbtxt", TestCertificates.SslConfig(certificate with { KeyPem = key.KeyPem }));

        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync(grpc: config));

        Assert.Equal(Core.Errors.StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith($"{config}: server_key, server_cert or custom_ca is not a usable PEM certificate and key", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MissingSslConfigFile_Refuses()
    {
        var missing = Path.Combine(folder.FullName, "missing.pbtxt");

        var error = await Assert.ThrowsAsync<ServingException>(() => StartAsync(grpc: missing));

        Assert.Equal($"{missing}; No such file or directory", error.Message);
    }

    [Fact]
    public async Task Serve_SslFlags_BothPortsServeTlsFromTheCommandLine()
    {
        var config = Write("both.pbtxt", TestCertificates.SslConfig(ca.Server(), customCa: ca.AuthorityPem, clientVerify: true));
        var (grpc, rest) = (ServeProcessTests.FreePort(), ServeProcessTests.FreePort());
        using var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={grpc} --rest_api_port={rest} --model_name=half_plus_two --model_base_path={repository.BasePath} --ssl_config_file={config} --rest_api_ssl_config_file={config}",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", TimeSpan.FromMinutes(1));

        using var https = TlsClients.Https(rest, ca.Authority, ca.Client());
        var status = await https.GetStringAsync("/v1/models/half_plus_two");
        var response = await TlsClients.Grpc(grpc, ca.Authority, ca.Client()).PredictAsync(Request());

        Assert.Contains("\"AVAILABLE\"", status, StringComparison.Ordinal);
        Assert.Equal([2.5f], response.Outputs["y"].FloatVal);
        Assert.Contains($"TLS on the gRPC port (client certificates required), from {config}", server.Output, StringComparison.Ordinal);
        Assert.Contains($"TLS on the REST port (client certificates required), from {config}", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", server.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        ca.Dispose();
        repository.Dispose();
        folder.Delete(recursive: true);
    }

    private static PredictRequest Request()
    {
        var request = new PredictRequest { ModelSpec = new ModelSpec { Name = "half_plus_two" } };
        request.Inputs["x"] = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = 1 } } }, FloatVal = { 1f } };
        return request;
    }

    private static async Task WaitForLogAsync(TestServer server, string text)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!server.Logs.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the log never said '{text}'");
            await Task.Delay(100);
        }
    }

    private Task<TestServer> StartAsync(string? grpc = null, string? rest = null) =>
        TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], configure: o =>
        {
            o.SslConfigFile = grpc;
            o.RestApiSslConfigFile = rest;
        });

    /// <summary>Writes (or replaces, atomically) a file in the test folder.</summary>
    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        var staging = path + ".new";
        File.WriteAllText(staging, text);
        File.Move(staging, path, overwrite: true);
        return path;
    }
}
