using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Core.Errors;
using SealServe.Models.Sources.S3;
using SealServe.TestKit;

namespace SealServe.Models.Tests.Sources;

/// <summary>The S3 model source against a real S3-protocol server (s3rver) on loopback.</summary>
public sealed class S3ModelSourceTests : IAsyncLifetime
{
    private S3Server s3 = null!;
    private S3ModelSource source = null!;

    public async ValueTask InitializeAsync()
    {
        s3 = await S3Server.StartAsync();
        source = Source(S3Server.AccessKey, S3Server.SecretKey);
    }

    public ValueTask DisposeAsync()
    {
        source.Dispose();
        s3.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ListVersions_NumberedFolders_AscendingWithTheirFiles()
    {
        await s3.PutAsync("models/m/10/model.onnx", [1]);
        await s3.PutAsync("models/m/002/saved_model.pb", [2]);
        await s3.PutAsync("models/m/002/variables/variables.index", [3]);
        await s3.PutAsync("models/m/tmp/model.onnx", [4]);
        await s3.PutAsync("models/m/README", [5]);
        await s3.PutAsync("models/mm/1/model.onnx", [6]);

        var versions = source.ListVersions("s3://models/models/m");

        Assert.Equal([2L, 10L], versions.Select(v => v.Version));
        Assert.Equal(["s3://models/models/m/002", "s3://models/models/m/10"], versions.Select(v => v.Path));
        Assert.Equal(["saved_model.pb", "variables/variables.index"], versions[0].Files.ListFiles());
        Assert.True(versions[1].Files.Exists("model.onnx"));
        Assert.False(versions[1].Files.Exists("saved_model.pb"));
    }

    [Fact]
    public async Task ReadAll_Object_WholeBytes()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)i).ToArray();
        await s3.PutAsync("m/1/model.onnx", content);
        var version = source.ListVersions("s3://models/m").Single().Files;

        Assert.Equal(content, version.ReadAll("model.onnx"));
        using var stream = version.OpenRead("model.onnx");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(content, copy.ToArray());
        var start = new byte[8];
        Assert.Equal(8, version.ReadStart("model.onnx", start));
        Assert.Equal(content[..8], start);
    }

    [Fact]
    public async Task ReadStart_EmptyObject_ReadsNothing()
    {
        await s3.PutAsync("m/1/empty", []);

        Assert.Equal(0, source.ListVersions("s3://models/m").Single().Files.ReadStart("empty", new byte[8]));
    }

    [Fact]
    public async Task Fingerprint_ObjectReplaced_Changes()
    {
        await s3.PutAsync("m/1/model.onnx", [1]);
        var before = source.Fingerprint(source.ListVersions("s3://models/m").Single());
        await s3.PutAsync("m/1/model.onnx", [1, 2]);

        Assert.NotEqual(before, source.Fingerprint(source.ListVersions("s3://models/m").Single()));
    }

    [Fact]
    public async Task ListVersions_PrefixWithoutObjects_NotFound()
    {
        await s3.PutAsync("other/1/model.onnx", [1]);

        var error = Assert.Throws<ServingException>(() => source.ListVersions("s3://models/m"));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal("s3://models/m holds no object: the base path does not exist (no key starts with 'm/' in bucket models)", error.Message);
    }

    [Fact]
    public void ListVersions_MissingBucket_NotFound()
    {
        var error = Assert.Throws<ServingException>(() => source.ListVersions("s3://no-such-bucket/m"));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.StartsWith("s3://no-such-bucket/m: the bucket does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListVersions_WrongCredentials_Unauthenticated()
    {
        await s3.PutAsync("m/1/model.onnx", [1]);
        // s3rver knows one access key id and checks it (not V4 signatures): an unknown key id is what it refuses.
        using var wrong = Source("AKIDNOTKNOWN", S3Server.SecretKey);

        var error = Assert.Throws<ServingException>(() => wrong.ListVersions("s3://models/m"));

        Assert.Equal(StatusCode.Unauthenticated, error.Code);
        Assert.StartsWith("s3://models/m: S3 refused the credentials (InvalidAccessKeyId: ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY or the AWS profile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ListVersions_EndpointNotListening_Unavailable()
    {
        using var closed = new S3ModelSource(NullLogger<S3ModelSource>.Instance, Settings(S3Server.AccessKey, S3Server.SecretKey) with { Endpoint = new Uri($"http://127.0.0.1:{FreePort()}") });

        var error = Assert.Throws<ServingException>(() => closed.ListVersions("s3://models/m"));

        Assert.Equal(StatusCode.Unavailable, error.Code);
        Assert.StartsWith("s3://models/m: cannot reach S3: ", error.Message, StringComparison.Ordinal);
    }

    private S3ModelSource Source(string keyId, string secret) => new(NullLogger<S3ModelSource>.Instance, Settings(keyId, secret));

    private S3Settings Settings(string keyId, string secret) =>
        new() { Endpoint = s3.Endpoint, Region = S3Server.Region, Keys = new S3Keys(keyId, secret, null) };

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
