using System.Diagnostics;
using System.Text.Json;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.V2;

/// <summary>
/// Compatibility with a v2 client this project did not write: grpc-js with proto-loader (npm) compiles the published
/// schema as written in <c>protos/inference/grpc_predict_v2.proto</c> at run time and calls the real server
/// (<c>tests/interop/v2-grpc-js/client.js</c>; <c>.ci/run</c> installs its packages with <c>npm ci</c>).
/// </summary>
public sealed class V2GrpcJsInteropTests(HalfPlusTwoServer fixture) : IClassFixture<HalfPlusTwoServer>
{
    private static readonly string ClientFolder = Path.Combine(RepositoryRoot.Path, "tests", "interop", "v2-grpc-js");

    [Fact]
    public async Task GrpcJsClient_HealthMetadataRawAndTypedInferAndError()
    {
        Assert.True(
            Directory.Exists(Path.Combine(ClientFolder, "node_modules", "@grpc", "grpc-js")),
            $"the grpc-js client is not installed: run `npm ci --prefix {ClientFolder}` (as .ci/run does)");
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(ClientFolder, "client.js"), $"127.0.0.1:{fixture.Server.GrpcPort}", Path.Combine(RepositoryRoot.Path, "protos", "inference", "grpc_predict_v2.proto") },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var node = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var output = node.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = node.StandardError.ReadToEndAsync(timeout.Token);
        await node.WaitForExitAsync(timeout.Token);
        Assert.True(node.ExitCode == 0, $"node exited {node.ExitCode}: {await errors}");

        using var seen = JsonDocument.Parse(await output);
        var root = seen.RootElement;
        Assert.True(root.GetProperty("live").GetBoolean());
        Assert.Equal("onnx_onnxv1", root.GetProperty("platform").GetString());
        Assert.Equal("""[{"name":"x","datatype":"FP32","shape":[-1]}]""", root.GetProperty("inputs").GetRawText());
        Assert.Equal("""{"id":"grpc-js","version":"123","name":"y","shape":[3],"y":[2.5,3,4.5]}""", root.GetProperty("raw").GetRawText());
        Assert.Equal("[4,5]", root.GetProperty("typed").GetRawText());
        Assert.Equal("INVALID_ARGUMENT", root.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains("'nope'", root.GetProperty("error").GetProperty("details").GetString(), StringComparison.Ordinal);
    }
}
