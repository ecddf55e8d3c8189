using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SealServe.TestKit;

namespace SealServe.FunctionalTests;

/// <summary>
/// The README's promises, run as a user runs them: its server command verbatim (default ports 8500/8501),
/// its curl example verbatim, a graceful stop on SIGTERM; and CI running the README's test command.
/// </summary>
public sealed partial class ReadmeTests
{
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"));

    [Fact]
    public async Task ServeCommandAndCurlExample_WorkVerbatim()
    {
        using var ports = await DefaultPorts.LockAsync(TimeSpan.FromMinutes(10));
        AssertPortFree(8500);
        AssertPortFree(8501);
        using var server = ServerProcess.Start(Block("serve"), RepositoryRoot.Path);
        await server.WaitForOutputAsync("Exporting HTTP/REST API at:localhost:8501", TimeSpan.FromMinutes(3));

        var (exitCode, output, standardOutput) = await ServerProcess.RunAsync(Block("curl"), RepositoryRoot.Path, TimeSpan.FromSeconds(30));

        Assert.True(exitCode == 0, output);
        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", standardOutput.TrimEnd('\n'));
        Assert.Contains("Running gRPC ModelServer at 0.0.0.0:8500", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void CiScript_RunsTheReadmeTestCommand()
    {
        var ci = File.ReadAllText(Path.Combine(RepositoryRoot.Path, ".ci", "run"));

        Assert.Contains(Block("test"), ci, StringComparison.Ordinal);
    }

    [Fact]
    public void DemoModel_IsTheOneOurCodeGenerates()
    {
        var committed = Path.Combine(RepositoryRoot.Path, "examples", "half_plus_two", "1", "model.onnx");
        if (Environment.GetEnvironmentVariable("SEALSERVE_UPDATE_EXAMPLES") == "1")
        {
            File.WriteAllBytes(committed, TestModels.HalfPlusTwo());
        }

        Assert.Equal(TestModels.HalfPlusTwo(), File.ReadAllBytes(committed));
    }

    /// <summary>The command in the README's fenced block that follows <c>&lt;!-- readme-test: name --&gt;</c>.</summary>
    internal static string Block(string name)
    {
        var match = BlockPattern().Matches(Readme).FirstOrDefault(m => m.Groups[1].Value == name);
        Assert.True(match is not null, $"README.md has no block marked readme-test: {name}");
        return match.Groups[2].Value.Trim();
    }

    private static void AssertPortFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Any, port);
            listener.Start();
        }
        catch (SocketException)
        {
            Assert.Fail($"Port {port} is in use: this test runs the README's command, which uses the default ports. Stop whatever holds it.");
        }
    }

    [GeneratedRegex(@"<!-- readme-test: (\w+) -->\s*```\w*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex BlockPattern();
}
