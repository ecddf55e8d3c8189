using SealServe.Sealing.Keys;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>The sealing verbs of the built <c>sealserve</c> program, run as a user runs them.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SealingCommandLineTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("sealserve-cli-");
    private readonly TempModelRepository repository = new();

    public SealingCommandLineTests()
    {
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        repository.AddVersion("2", TestModels.AffineModel("three", 1f, 3f));
    }

    private string KeyPath => Path.Combine(folder.FullName, "demo.key");

    [Fact]
    public async Task KeysGenerate_WritesAnOwnerOnlyKeyFileAndPrintsItsId()
    {
        var (exitCode, output, standardOutput) = await RunAsync($"keys generate --out {KeyPath}");

        Assert.Equal(0, exitCode);
        var id = standardOutput.TrimEnd('\n');
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
        using var key = KeyFileFormat.Parse(File.ReadAllBytes(KeyPath), KeyPath);
        Assert.Equal(id, key.Id);
        Assert.DoesNotContain(Convert.ToBase64String(key.Material), output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysGenerate_ExistingFile_RefusesToOverwrite()
    {
        File.WriteAllText(KeyPath, "precious");

        var (exitCode, output, _) = await RunAsync($"keys generate --out {KeyPath}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"sealserve: {KeyPath} already exists", output, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(KeyPath));
    }

    [Fact]
    public async Task Inspect_PlainTree_ListsEveryFileAsPlain()
    {
        var (exitCode, _, output) = await RunAsync($"inspect {repository.BasePath}");

        Assert.Equal(0, exitCode);
        var sizes = Sizes();
        Assert.Equal(
            $"""
            FILE          STATE  FORMAT  KEY ID  SIZE  STORED  NOT AFTER  PROBLEM
            1/model.onnx  plain  -       -       {sizes[0]}   {sizes[0]}     -
            2/model.onnx  plain  -       -       {sizes[1]}   {sizes[1]}     -
            2 file(s): 0 sealed, 2 plain, 0 with problems

            """,
            output);
    }

    [Fact]
    public async Task SealThenInspect_SealedTree_ShowsFormatKeyIdSizesAndExpiry()
    {
        var id = (await RunAsync($"keys generate --out {KeyPath}")).StandardOutput.TrimEnd('\n');
        var sizes = Sizes();

        var seal = await RunAsync($"seal {repository.BasePath} --key_file {KeyPath} --not_after 2099-12-31");
        var (exitCode, _, output) = await RunAsync($"inspect {repository.BasePath}");

        Assert.Equal(0, seal.ExitCode);
        Assert.Contains($"sealed {Path.Combine(repository.BasePath, "2", "model.onnx")}", seal.Output, StringComparison.Ordinal);
        Assert.Contains($"Sealed 2 file(s) with key {id}, not after 2099-12-31T23:59:59Z.", seal.Output, StringComparison.Ordinal);
        Assert.Equal(0, exitCode);
        var stored = Sizes();
        var manifest = new FileInfo(Path.Combine(repository.BasePath, "1", "sealserve.manifest")).Length;
        Assert.Equal(
            $"""
            FILE                  STATE   FORMAT  KEY ID            SIZE  STORED  NOT AFTER             PROBLEM
            1/model.onnx          sealed  v1      {id}  {sizes[0]}   {stored[0]}     2099-12-31T23:59:59Z
            1/sealserve.manifest  sealed  v1      {id}  66    {manifest}     2099-12-31T23:59:59Z
            2/model.onnx          sealed  v1      {id}  {sizes[1]}   {stored[1]}     2099-12-31T23:59:59Z
            2/sealserve.manifest  sealed  v1      {id}  66    {manifest}     2099-12-31T23:59:59Z
            4 file(s): 4 sealed, 0 plain, 0 with problems

            """,
            output);
    }

    [Fact]
    public async Task Inspect_FileWithAProblem_ExitsNonZero()
    {
        await RunAsync($"keys generate --out {KeyPath}");
        await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");
        var truncated = Path.Combine(repository.BasePath, "2", "model.onnx");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^5]);

        var (exitCode, _, output) = await RunAsync($"inspect {repository.BasePath}");

        Assert.Equal(1, exitCode);
        Assert.Contains("truncated: 5 byte(s) missing", output, StringComparison.Ordinal);
        Assert.Contains(" 1 with problems", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Seal_Twice_RefusesAndChangesNothing()
    {
        await RunAsync($"keys generate --out {KeyPath}");
        await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");
        var before = File.ReadAllBytes(Path.Combine(repository.BasePath, "1", "model.onnx"));

        var (exitCode, output, _) = await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");

        Assert.Equal(1, exitCode);
        Assert.Contains("already sealed (sealing twice is refused); nothing was changed", output, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(repository.BasePath, "1", "model.onnx")));
    }

    [Fact]
    public async Task Seal_NotAfterInThePast_Refuses()
    {
        await RunAsync($"keys generate --out {KeyPath}");

        var (exitCode, output, _) = await RunAsync($"seal {repository.BasePath} --key_file {KeyPath} --not_after 2001-01-01");

        Assert.Equal(1, exitCode);
        Assert.Contains("--not_after 2001-01-01T23:59:59Z is already past", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RekeyThenUnseal_GivesBackTheOriginalUnderTheNewKey()
    {
        var newKey = Path.Combine(folder.FullName, "new.key");
        await RunAsync($"keys generate --out {KeyPath}");
        var newId = (await RunAsync($"keys generate --out {newKey}")).StandardOutput.TrimEnd('\n');
        var original = File.ReadAllBytes(Path.Combine(repository.BasePath, "2", "model.onnx"));
        await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");
        var plainOut = Path.Combine(folder.FullName, "plain", "model");

        var rekey = await RunAsync($"rekey {repository.BasePath} --key_file {KeyPath} --new_key_file {newKey}");
        var oldKeyUnseal = await RunAsync($"unseal {repository.BasePath} --key_file {KeyPath} --out {plainOut}");
        var unseal = await RunAsync($"unseal {repository.BasePath} --key_file {newKey} --out {plainOut}");

        Assert.Equal(0, rekey.ExitCode);
        Assert.Contains($"Rekeyed 2 file(s) to key {newId}.", rekey.Output, StringComparison.Ordinal);
        Assert.Equal(1, oldKeyUnseal.ExitCode);
        Assert.Contains($"which is not among the configured keys", oldKeyUnseal.Output, StringComparison.Ordinal);
        Assert.Equal(0, unseal.ExitCode);
        Assert.Equal(original, File.ReadAllBytes(Path.Combine(plainOut, "2", "model.onnx")));
    }

    [Theory]
    [InlineData("file")]
    [InlineData("env")]
    [InlineData("command")]
    public async Task Serve_SealedModelWithEachKeyProvider_Serves(string provider)
    {
        await RunAsync($"keys generate --out {KeyPath}");
        await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");
        var keyFlag = provider switch
        {
            "file" => $"--key_file={KeyPath}",
            "env" => $"--key_env=SEALSERVE_CLI_TEST_KEY",
            _ => $"--key_command='cat {KeyPath}'",
        };
        var rest = ServeProcessTests.FreePort();

        using var server = ServerProcess.Start(
            $"env SEALSERVE_CLI_TEST_KEY=\"$(cat {KeyPath})\" {ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_name=m --model_base_path={repository.BasePath} {keyFlag}",
            RepositoryRoot.Path);
        await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);
        using var http = new HttpClient();
        var prediction = await http.PostAsync($"http://127.0.0.1:{rest}/v1/models/m:predict", new StringContent("{\"instances\": [1.0]}"));

        Assert.Contains("[4.0", await prediction.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("Sealed models enabled with 1 key(s)", server.Output, StringComparison.Ordinal);
        Assert.Contains("Process hardened for sealed models", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_KeyCommandFails_RefusesToStartWithoutShowingTheCommand()
    {
        var (exitCode, output, _) = await RunAsync(
            $"serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --key_command='echo TOKEN-12345 >/dev/null; exit 4'");

        Assert.Equal(255, exitCode);
        Assert.Contains("Failed to start server. Error: FAILED_PRECONDITION: --key_command: the command failed with exit code 4", output, StringComparison.Ordinal);
        Assert.DoesNotContain("TOKEN-12345", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RequireSealedModelsWithoutAKey_RefusesToStart()
    {
        var (exitCode, output, _) = await RunAsync($"serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --require_sealed_models");

        Assert.Equal(255, exitCode);
        Assert.Contains("Failed to start server. Error: INVALID_ARGUMENT: --require_sealed_models needs a key to unseal with", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_RequireSealedModelsOnAPlainModel_RefusesToStartNamingTheVersion()
    {
        await RunAsync($"keys generate --out {KeyPath}");

        var (exitCode, output, _) = await RunAsync($"serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --key_file={KeyPath} --require_sealed_models --max_num_load_retries=0");

        Assert.Equal(255, exitCode);
        Assert.Contains($"{Path.Combine(repository.BasePath, "2")}: plain model files are refused (--require_sealed_models)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_SealedButNoKey_RefusesToStartNamingTheFileAndReason()
    {
        await RunAsync($"keys generate --out {KeyPath}");
        await RunAsync($"seal {repository.BasePath} --key_file {KeyPath}");

        var (exitCode, output, _) = await RunAsync($"serve --port={ServeProcessTests.FreePort()} --rest_api_port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --max_num_load_retries=0");

        Assert.Equal(255, exitCode);
        Assert.Contains($"{Path.Combine(repository.BasePath, "2", "sealserve.manifest")}: sealed with key", output, StringComparison.Ordinal);
        Assert.Contains("but no key is configured (--key_file, --key_env or --key_command)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_LegacyKey_NeverAppearsInTheOutput()
    {
        const string LegacyKey = "LegacyKey-0123456789-do-not-print";
        var rest = ServeProcessTests.FreePort();

        using (var server = ServerProcess.Start(
            $"{ServeProcessTests.Program} serve --port={ServeProcessTests.FreePort()} --rest_api_port={rest} --model_base_path={repository.BasePath} --legacy_cryptpb_key={LegacyKey} --legacy_cryptpb_iv=00112233445566778899aabbccddeeff",
            RepositoryRoot.Path))
        {
            await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", Timeout);
            server.Signal("TERM");
            await server.WaitForExitAsync(Timeout);
            Assert.DoesNotContain(LegacyKey, server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("LegacyKey-0123456", server.Output, StringComparison.Ordinal);
        }

        var (exitCode, output, _) = await RunAsync($"serve --port={ServeProcessTests.FreePort()} --model_base_path={repository.BasePath} --legacy_cryptpb_key=short-secret");
        Assert.Equal(255, exitCode);
        Assert.Contains("--legacy_cryptpb_key must be at least 16 bytes long", output, StringComparison.Ordinal);
        Assert.DoesNotContain("short-secret", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        repository.Dispose();
        folder.Delete(recursive: true);
    }

    private static Task<(int ExitCode, string Output, string StandardOutput)> RunAsync(string arguments) =>
        ServerProcess.RunAsync($"{ServeProcessTests.Program} {arguments}", RepositoryRoot.Path, Timeout);

    /// <summary>The sizes of versions 1 and 2's model.onnx, as inspect prints them.</summary>
    private long[] Sizes() => [.. new[] { "1", "2" }.Select(v => new FileInfo(Path.Combine(repository.BasePath, v, "model.onnx")).Length)];
}
