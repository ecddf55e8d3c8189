using System.Text.RegularExpressions;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>The README's sealed-model story, run verbatim: generate a key, seal the demo, serve it sealed, call it with the quick start's curl, inspect.</summary>
[Collection(DefaultPortsCollection.Name)]
public sealed partial class SealedReadmeTests
{
    /// <summary>Where the README's commands put the key and the sealed model.</summary>
    private const string DemoFolder = "/tmp/sealserve-demo";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SealedQuickStart_WorksVerbatim()
    {
        using var ports = await DefaultPorts.LockAsync(TimeSpan.FromMinutes(10));
        DeleteDemoFolder();
        try
        {
            var keys = await RunAsync("sealed_keys");
            var seal = await RunAsync("sealed_seal");
            using var server = ServerProcess.Start(ReadmeTests.Block("sealed_serve"), RepositoryRoot.Path);
            await server.WaitForOutputAsync("Exporting HTTP/REST API at:localhost:8501", Timeout);
            var curl = await RunAsync("curl");
            var inspect = await RunAsync("sealed_inspect");
            server.Signal("TERM");
            await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

            var keyId = KeyIdLine().Match(keys).Value;
            Assert.Matches("^[0-9a-f]{16}$", keyId);
            Assert.Contains($"Sealed 1 file(s) with key {keyId}.", seal, StringComparison.Ordinal);
            Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", curl.TrimEnd('\n'));
            Assert.Contains("Process hardened for sealed models", server.Output, StringComparison.Ordinal);
            Assert.Equal(KeyId().Replace(ShownInspectOutput(), keyId), inspect.TrimEnd('\n'));
        }
        finally
        {
            DeleteDemoFolder();
        }
    }

    /// <summary>The README's commands refuse to overwrite a key or a sealed file: start from nothing, leave nothing.</summary>
    private static void DeleteDemoFolder()
    {
        if (Directory.Exists(DemoFolder))
        {
            Directory.Delete(DemoFolder, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string block)
    {
        var (exitCode, output, standardOutput) = await ServerProcess.RunAsync(ReadmeTests.Block(block), RepositoryRoot.Path, Timeout);
        Assert.True(exitCode == 0, $"README block {block} exited with {exitCode}:\n{output}");
        return standardOutput;
    }

    /// <summary>The example output the README shows right after the inspect command.</summary>
    private static string ShownInspectOutput()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));
        var match = ShownOutput().Match(readme);
        Assert.True(match.Success, "README.md shows no output after the sealed_inspect block");
        return match.Groups[1].Value.TrimEnd('\n');
    }

    [GeneratedRegex("(?m)^[0-9a-f]{16}$")]
    private static partial Regex KeyIdLine();

    [GeneratedRegex(@"\b[0-9a-f]{16}\b")]
    private static partial Regex KeyId();

    [GeneratedRegex(@"<!-- readme-test: sealed_inspect -->\s*```sh\n.*?```\s*```\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex ShownOutput();
}
