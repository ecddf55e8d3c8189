using System.Net;
using System.Net.Sockets;
using Grpc.Core;
using SealServe.Client;
using SealServe.Client.Tensors;
using SealServe.Client.TfServing;
using SealServe.Client.V2;
using SealServe.FunctionalTests.Security;
using SealServe.TestKit;
using Tensorflow;
using Tensorflow.Serving;
using ModelConfig = SealServe.Models.Config.ModelConfig;

namespace SealServe.FunctionalTests.Client;

/// <summary>How SealServe.Client connects, against real servers: bearer tokens, TLS with a private CA, retries while a server starts.</summary>
public sealed class ClientConnectionTests : IDisposable
{
    private static readonly float[] Y = [2.5f, 3f, 4.5f];
    private static readonly InferTensor[] Input = [InferTensor.Create<float>("x", new[] { 1f, 2f, 5f }, 3)];
    private readonly TempModelRepository repository = new();
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-client-");

    public ClientConnectionTests() => repository.AddVersion("1", TestModels.HalfPlusTwo());

    [Fact]
    public async Task BearerToken_SentOnEveryClient_MissingTokenRefused()
    {
        var config = Write("auth.pbtxt", AuthTests.ServerFixture.Key("app", AuthTests.UserToken, "half_plus_two"));
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], o => o.AuthConfigFile = config);
        var (grpc, rest) = (Grpc(server), Rest(server));
        var withToken = new SealServeClientOptions { BearerToken = AuthTests.UserToken };

        using (var client = new InferenceGrpcClient(grpc, withToken))
        {
            Assert.Equal(Y, (await client.InferAsync("half_plus_two", Input))["y"].ToArray<float>());
        }

        using (var client = new InferenceRestClient(rest, withToken))
        {
            Assert.Equal(Y, (await client.InferAsync("half_plus_two", Input))["y"].ToArray<float>());
        }

        using (var client = new TfServingGrpcClient(grpc, withToken))
        {
            Assert.Equal(ModelVersionStatus.Types.State.Available, (await client.GetModelStatusAsync("half_plus_two")).ModelVersionStatus.Single().State);
        }

        using (var client = new TfServingRestClient(rest, withToken))
        {
            Assert.Equal(new[] { 2.5, 3, 4.5 }, (await client.PredictAsync("half_plus_two", Input)).Numbers());
        }

        using var anonymousGrpc = new InferenceGrpcClient(grpc);
        using var anonymousRest = new TfServingRestClient(rest);
        Assert.Equal(StatusCode.Unauthenticated, (await Assert.ThrowsAsync<RpcException>(() => anonymousGrpc.InferAsync("half_plus_two", Input))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<SealServeException>(() => anonymousRest.PredictAsync("half_plus_two", Input))).Status);
    }

    [Fact]
    public async Task Tls_PrivateAuthorityAndClientCertificate_BothTransports()
    {
        using var ca = new TestCertificates();
        var config = Write("ssl.pbtxt", TestCertificates.SslConfig(ca.Server(), customCa: ca.AuthorityPem, clientVerify: true));
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], o => (o.SslConfigFile, o.RestApiSslConfigFile) = (config, config));
        using var clientCertificate = ca.Client().ToCertificate();
        var options = new SealServeClientOptions { CertificateAuthority = ca.Authority, ClientCertificate = clientCertificate };
        var grpc = new Uri($"https://127.0.0.1:{server.GrpcPort}");
        var rest = new Uri($"https://127.0.0.1:{server.RestApiPort}");

        using var v2Grpc = new InferenceGrpcClient(grpc, options);
        using var v2Rest = new InferenceRestClient(rest, options);
        Assert.Equal(Y, (await v2Grpc.InferAsync("half_plus_two", Input))["y"].ToArray<float>());
        Assert.Equal(Y, (await v2Rest.InferAsync("half_plus_two", Input))["y"].ToArray<float>());

        // The system's trust store does not know the test CA: refused, whatever the retries.
        using var untrusting = new InferenceRestClient(rest, new SealServeClientOptions { ClientCertificate = clientCertificate, MaxRetries = 0 });
        await Assert.ThrowsAsync<HttpRequestException>(() => untrusting.InferAsync("half_plus_two", Input));
    }

    [Theory]
    [InlineData("grpc")]
    [InlineData("rest")]
    public async Task Retries_ServerNotYetListening_CallSucceedsOnceItIs(string transport)
    {
        var port = FreePort();
        var options = new SealServeClientOptions { MaxRetries = 8, RetryBackoff = TimeSpan.FromMilliseconds(250), Deadline = TimeSpan.FromMinutes(2) };
        using var v2Grpc = new InferenceGrpcClient(new Uri($"http://127.0.0.1:{port}"), options);
        using var v2Rest = new InferenceRestClient(new Uri($"http://127.0.0.1:{port}"), options);
        var call = transport == "grpc" ? v2Grpc.InferAsync("half_plus_two", Input) : v2Rest.InferAsync("half_plus_two", Input);

        await Task.Delay(500);
        Assert.False(call.IsCompleted);
        await using var server = await TestServer.StartAsync([ModelConfig.Create("half_plus_two", repository.BasePath)], o =>
        {
            o.GrpcPort = transport == "grpc" ? port : 0;
            o.RestApiPort = transport == "rest" ? port : 0;
        });

        Assert.Equal(Y, (await call)["y"].ToArray<float>());
    }

    [Fact]
    public async Task Retries_None_RefusedAtOnce()
    {
        using var client = new InferenceGrpcClient(new Uri($"http://127.0.0.1:{FreePort()}"), new SealServeClientOptions { MaxRetries = 0 });

        var error = await Assert.ThrowsAsync<RpcException>(() => client.InferAsync("half_plus_two", Input));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
    }

    public void Dispose()
    {
        repository.Dispose();
        folder.Delete(recursive: true);
    }

    private static Uri Grpc(TestServer server) => new($"http://127.0.0.1:{server.GrpcPort}");

    private static Uri Rest(TestServer server) => new($"http://127.0.0.1:{server.RestApiPort}");

    /// <summary>A loopback port nothing listens on now (the OS's next ephemeral one).</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }
}
