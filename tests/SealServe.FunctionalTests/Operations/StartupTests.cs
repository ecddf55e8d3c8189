using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Operations;

/// <summary>The <c>serve</c> process as operators meet it: one clear line for expected start-up errors, JSON logs, request logs.</summary>
public sealed class StartupTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Serve_BusyPort_OneLineNoStackTrace()
    {
        using var busy = new TcpListener(IPAddress.Any, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var (exitCode, output, _) = await RunAsync($"--port={port} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path=examples/half_plus_two");

        Assert.Equal(255, exitCode);
        Assert.Contains($"Failed to start server. Error: UNAVAILABLE: Failed to bind to address http://0.0.0.0:{port}: address already in use.", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gs://models/half_plus_two", "Failed to start server. Error: INVALID_ARGUMENT: Model default has base_path gs://models/half_plus_two: gs:// model stores are not supported; use a local folder or s3://bucket/prefix")]
    [InlineData("/nowhere/half_plus_two", "Failed to start server. Error: NOT_FOUND: Base path /nowhere/half_plus_two of model default does not exist or is not a directory")]
    public async Task Serve_UnusableBasePath_RefusedAtOnceInOneLine(string basePath, string message)
    {
        var (exitCode, output, _) = await RunAsync($"--port={ServeProcessTests.FreePort()} --model_base_path={basePath}");

        Assert.Equal(255, exitCode);
        Assert.Equal(message, output.Trim());
    }

    [Fact]
    public async Task Serve_LogFormatJson_EveryLineAnObjectWithTheFields()
    {
        var (grpc, rest) = (ServeProcessTests.FreePort(), ServeProcessTests.FreePort());
        using var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={grpc} --rest_api_port={rest} --model_name=half_plus_two --model_base_path=examples/half_plus_two --log_format=json --log_requests",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Patience);
        using var http = new HttpClient();
        using var response = await http.PostAsync($"http://127.0.0.1:{rest}/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0]}"));
        await server.WaitForOutputAsync("/v1/models/half_plus_two:predict", Patience);
        server.Signal("TERM");
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();
        Assert.All(entries, e =>
        {
            Assert.True(e.TryGetProperty("Timestamp", out _));
            Assert.True(e.TryGetProperty("LogLevel", out _));
            Assert.True(e.TryGetProperty("Category", out _));
            Assert.True(e.TryGetProperty("EventId", out _));
            Assert.True(e.TryGetProperty("Message", out _));
        });
        var loaded = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 4005);
        Assert.Equal("half_plus_two", loaded.GetProperty("State").GetProperty("ModelName").GetString());
        var request = Assert.Single(entries, e => e.GetProperty("Category").GetString()!.StartsWith("Microsoft.AspNetCore.HttpLogging", StringComparison.Ordinal));
        Assert.Contains("StatusCode: 200", request.GetProperty("Message").GetString(), StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output, string StandardOutput)> RunAsync(string flags) =>
        ServerProcess.RunAsync($"{ServeProcessTests.Program} serve {flags}", RepositoryRoot.Path, Patience);
}
