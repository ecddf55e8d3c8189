using System.Net;
using System.Net.Sockets;
using SealServe.TestKit;

namespace SealServe.FunctionalTests;

/// <summary>The built <c>sealserve</c> program: flags, start-up failures and a graceful stop on SIGTERM.</summary>
public sealed class ServeProcessTests
{
    internal static readonly string Program = $"dotnet \"{Path.Combine(AppContext.BaseDirectory, "sealserve.dll")}\"";

    [Fact]
    public async Task Serve_Sigterm_FinishesAndExitsZero()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("00000123", TestModels.HalfPlusTwo());
        var (grpc, rest) = (FreePort(), FreePort());
        using var server = ServerProcess.Start(
            $"{Program} serve --port {grpc} --rest_api_port={rest} --model_name=half_plus_two --model_base_path={repository.BasePath} --prefer_tflite_model=false --enable_profiler=false",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", TimeSpan.FromMinutes(1));
        using var http = new HttpClient();
        var status = await http.GetStringAsync($"http://127.0.0.1:{rest}/v1/models/half_plus_two/versions/123");

        server.Signal("TERM");
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Contains("\"state\": \"AVAILABLE\"", status, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        Assert.Contains("Unloaded half_plus_two version 123", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_NoBasePath_FailsWithTfServingMessage()
    {
        var (exitCode, output, _) = await ServerProcess.RunAsync($"{Program} serve --port={FreePort()}", RepositoryRoot.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(255, exitCode);
        Assert.Contains("Failed to start server. Error: INVALID_ARGUMENT: Both server_options.model_base_path and server_options.model_config_file are empty!", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnlyVersionCorrupt_RefusesToStartNamingTheFile()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", [0x08, 0x01, 0xFF, 0xFF]);

        var (exitCode, output, _) = await ServerProcess.RunAsync(
            $"{Program} serve --port={FreePort()} --rest_api_port={FreePort()} --model_name=broken --model_base_path={repository.BasePath} --max_num_load_retries=0",
            RepositoryRoot.Path,
            TimeSpan.FromMinutes(1));

        Assert.Equal(255, exitCode);
        Assert.Contains("1 servable(s) did not become available: {{name: broken version: 1} due to error: INVALID_ARGUMENT: Failed to load", output, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(repository.BasePath, "1", "model.onnx"), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_BadConfigFile_RefusesToStartWithLineAndColumn()
    {
        var config = Corpus.Require("tfserving/bad_model_config.txt");

        var (exitCode, output, _) = await ServerProcess.RunAsync($"{Program} serve --port={FreePort()} --model_config_file={config}", RepositoryRoot.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(255, exitCode);
        Assert.Contains("Error parsing text-format tensorflow.serving.ModelServerConfig: 1:12", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MisspelledFlag_ExitsNamingTheNearestFlag()
    {
        var (exitCode, output, _) = await ServerProcess.RunAsync(
            $"{Program} serve --port={FreePort()} --modle_name=m --model_base_path=examples/half_plus_two", RepositoryRoot.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(255, exitCode);
        Assert.Contains("Failed to start server. Error: INVALID_ARGUMENT: unknown flag --modle_name; did you mean --model_name?", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Loading", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("serve --help")]
    public async Task Help_ListsEveryOption(string arguments)
    {
        var (exitCode, output, _) = await ServerProcess.RunAsync($"{Program} {arguments}", RepositoryRoot.Path, TimeSpan.FromMinutes(1));

        Assert.Equal(0, exitCode);
        var expected = arguments == "--help"
            ? ["serve"]
            : new[] { "--port", "--rest_api_port", "--rest_api_num_threads", "--rest_api_timeout_in_ms", "--model_name", "--model_base_path", "--file_system_poll_wait_seconds", "--tensorflow_intra_op_parallelism", "--tensorflow_inter_op_parallelism", "--grpc_max_threads", "--enable_model_warmup", "--model_config_file" };
        Assert.All(expected, option => Assert.Contains(option, output, StringComparison.Ordinal));
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
