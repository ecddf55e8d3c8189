using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// The built <c>sealserve</c> as an attacker on the host meets it: a crash dump asked for through the environment,
/// a dump asked for over the .NET diagnostics port, its memory read through <c>/proc</c> by
/// a process of its own user, core files, and ONNX Runtime's telemetry cache under <c>HOME</c>.
/// </summary>
public sealed class ProcessExposureTests : IDisposable
{
    /// <summary>The user (nobody) the server and its onlooker run as when the tests run as root.</summary>
    private const int User = 65534;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);
    private static readonly string AsUser = Environment.IsPrivilegedProcess ? $"setpriv --reuid={User} --regid={User} --clear-groups" : string.Empty;
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
    public async Task Serve_WithKeys_NoCoreFilesAndTheSameUserCannotReadItsMemory()
    {
        var run = await SealedRunFolderAsync();
        var models = Path.Combine(run.FullName, Path.GetFileName(repository.BasePath));
        using var control = ServerProcess.Start($"{AsUser} sleep 60", run.FullName);
        var rest = ServeProcessTests.FreePort();
        using var server = ServerProcess.Start(
            $"{AsUser} {ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_base_path={models} --key_file={run.FullName}/test.key",
            run.FullName);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);

        // The control: a process of the same user that did not harden itself, read the same way.
        var controlRead = await ReadAsTheSameUserAsync(control.Id);
        var (exitCode, output) = await ReadAsTheSameUserAsync(server.Id);
        var coreLimit = File.ReadLines($"/proc/{server.Id}/limits").Single(l => l.StartsWith("Max core file size", StringComparison.Ordinal));

        Assert.Equal((0, string.Empty), controlRead);
        Assert.NotEqual(0, exitCode);
        Assert.Contains($"cannot open '/proc/{server.Id}/maps' for reading: Permission denied", output, StringComparison.Ordinal);
        Assert.Matches(@"^Max core file size\s+0\s+0\s", coreLimit);
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

    /// <summary>Reads <c>/proc/PID/maps</c> and <c>/proc/PID/environ</c> as the process's own user would; returns the exit code and output.</summary>
    private static async Task<(int ExitCode, string Output)> ReadAsTheSameUserAsync(int pid)
    {
        var (exitCode, output, _) = await ServerProcess.RunAsync($"{AsUser} sh -c 'head -c 16 /proc/{pid}/maps > /dev/null && head -c 16 /proc/{pid}/environ > /dev/null'", "/", Timeout);
        return (exitCode, output);
    }

    /// <summary>
    /// A folder holding the sealed model (under its own folder name, as sealed) and its key, owned by <see cref="User"/>
    /// when the tests run as root: root may read any process, a service runs as its own user.
    /// </summary>
    private async Task<DirectoryInfo> SealedRunFolderAsync()
    {
        keys.Seal(Path.Combine(repository.BasePath, "1"));
        var run = scratch.CreateSubdirectory("run");
        await RunAsync($"cp -r {repository.BasePath} {run.FullName}/");
        await RunAsync($"cp -p {keys.KeyFile} {run.FullName}/test.key");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync($"chmod 711 {scratch.FullName}");
            await RunAsync($"chown -R {User}:{User} {run.FullName}");
        }

        return run;
    }

    private static async Task RunAsync(string command)
    {
        var (exitCode, output, _) = await ServerProcess.RunAsync(command, "/", Timeout);
        Assert.True(exitCode == 0, $"{command}: {output}");
    }

    public void Dispose()
    {
        keys.Dispose();
        repository.Dispose();
        scratch.Delete(recursive: true);
    }
}
