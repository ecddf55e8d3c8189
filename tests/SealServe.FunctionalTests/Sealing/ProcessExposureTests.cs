using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// The built <c>sealserve</c> as an attacker on the host meets it: a crash dump asked for through the environment,
/// a dump asked for over the .NET diagnostics port, and ONNX Runtime's telemetry cache under <c>HOME</c>.
/// </summary>
public sealed class ProcessExposureTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private readonly TestKeys keys = new();
    private readonly TempModelRepository repository = new();
    private readonly DirectoryInfo scratch = Directory.CreateTempSubdirectory("sealserve-exposure-");

    public ProcessExposureTests() => repository.AddVersion("1", TestModels.HalfPlusTwo());

    [Theory]
    [InlineData("DOTNET_DbgEnableMiniDump")]
    [InlineData("COMPlus_DbgEnableMiniDump")]
    [InlineData("DOTNET_EnableCrashReport")]
    public async Task Serve_KeysAndCrashDumpsAskedFor_RefusesToStart(string variable)
    {
        keys.Seal(Path.Combine(repository.BasePath, "1"));
        var dump = Path.Combine(scratch.FullName, "dump.%p");

        var (exitCode, output, _) = await ServerProcess.RunAsync(
            $"env {variable}=1 DOTNET_DbgMiniDumpName={dump} {ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --key_file={keys.KeyFile}",
            RepositoryRoot.Path,
            Timeout);

        Assert.Equal(255, exitCode);
        Assert.Contains($"Failed to start server. Error: FAILED_PRECONDITION: {variable}=1 asks for crash dumps, which would hold the keys and the plaintext models: unset it", output, StringComparison.Ordinal);
        Assert.Empty(scratch.EnumerateFiles());
    }

    [Fact]
    public async Task Serve_WithKeys_NoDumpOverTheDiagnosticsPort()
    {
        keys.Seal(Path.Combine(repository.BasePath, "1"));
        var rest = ServeProcessTests.FreePort();
        using var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_base_path={repository.BasePath} --key_file={keys.KeyFile}",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);

        var dump = Path.Combine(scratch.FullName, "dump");
        var error = Record.Exception(() => new DiagnosticsClient(server.Id).WriteDump(DumpType.Full, dump));

        Assert.IsType<ServerNotAvailableException>(error);
        Assert.False(File.Exists(dump));
        Assert.DoesNotContain(server.Id, DiagnosticsClient.GetPublishedProcesses());
        Assert.Contains("DOTNET_EnableDiagnostics=0", Encoding.UTF8.GetString(File.ReadAllBytes($"/proc/{server.Id}/environ")).Split('\0'));
        Assert.Contains(".NET diagnostics off", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_WithoutKeys_DiagnosticsPortStaysForOperators()
    {
        var rest = ServeProcessTests.FreePort();
        using var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_base_path={repository.BasePath}",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);

        // The control for the test above: the same client reaches a server that holds no secret.
        var environment = new DiagnosticsClient(server.Id).GetProcessEnvironment();

        Assert.Contains(server.Id, DiagnosticsClient.GetPublishedProcesses());
        Assert.NotEmpty(environment);
    }

    [Fact]
    public async Task Serve_PlainModel_OnnxRuntimeWritesNothingUnderHome()
    {
        var home = scratch.CreateSubdirectory("home");
        var rest = ServeProcessTests.FreePort();
        using (var server = ServerProcess.Start(
            $"env HOME={home.FullName} {ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_name=half_plus_two --model_base_path={repository.BasePath}",
            RepositoryRoot.Path))
        {
            await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);
            using var http = new HttpClient();
            using var response = await http.PostAsync($"http://127.0.0.1:{rest}/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0]}", Encoding.UTF8, "application/json"));
            response.EnsureSuccessStatusCode();
            server.Signal("TERM");
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        Assert.Empty(home.EnumerateFileSystemInfos("*", SearchOption.AllDirectories).Select(f => f.FullName));
    }

    public void Dispose()
    {
        keys.Dispose();
        repository.Dispose();
        scratch.Delete(recursive: true);
    }
}
