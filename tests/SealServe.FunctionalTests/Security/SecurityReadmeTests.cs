using System.Diagnostics;
using SealServe.FunctionalTests.Sealing;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Security;

/// <summary>
/// The README's Security section run verbatim: openssl makes a test CA and certificates, the SSLConfig and the
/// auth config are written, the demo is served with TLS on both ports, mutual TLS and API keys, and curl calls it.
/// </summary>
[Collection(DefaultPortsCollection.Name)]
public sealed class SecurityReadmeTests
{
    /// <summary>Where the README's commands put the certificates and configs.</summary>
    private const string Folder = "/tmp/sealserve-tls";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task SecurityQuickStart_WorksVerbatim()
    {
        using var ports = await DefaultPorts.LockAsync(TimeSpan.FromMinutes(10));
        DeleteFolder();
        try
        {
            await RunAsync(ReadmeTests.Block("security_ca"));
            await RunAsync(ReadmeTests.Block("security_tls"));
            await RunAsync(ReadmeTests.Block("security_auth"));
            using var server = ServerProcess.Start(ReadmeTests.Block("security_serve"), RepositoryRoot.Path);
            await server.WaitForOutputAsync("Exporting HTTP/REST API at:localhost:8501", Timeout);

            var (_, prediction) = await RunAsync(ReadmeTests.Block("security_curl"));
            var (_, noToken) = await RunAsync($"cd {Folder} && curl -s --cacert ca.crt --cert client.crt --key client.key -w ' %{{http_code}}' https://localhost:8501/v1/models/half_plus_two");
            var (noCertificate, _) = await RunAsync($"cd {Folder} && curl -s --cacert ca.crt -H \"Authorization: Bearer $(cat app.token)\" https://localhost:8501/v1/models/half_plus_two", mayFail: true);
            var (clearText, _) = await RunAsync("curl -s -m 10 http://localhost:8501/v1/models/half_plus_two", mayFail: true);
            server.Signal("TERM");
            await server.WaitForExitAsync(TimeSpan.FromSeconds(30));

            Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", prediction.TrimEnd('\n'));
            Assert.Equal("{\n    \"error\": \"Missing bearer token: send the header 'Authorization: Bearer <token>'\"\n} 401", noToken);
            Assert.NotEqual(0, noCertificate);
            Assert.NotEqual(0, clearText);
            Assert.Contains("TLS on the REST port (client certificates required)", server.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(await File.ReadAllTextAsync(Path.Combine(Folder, "app.token")), server.Output, StringComparison.Ordinal);
        }
        finally
        {
            DeleteFolder();
        }
    }

    private static void DeleteFolder()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Runs a script with <c>bash -e</c> from the repository root; returns its exit code and standard output.</summary>
    private static async Task<(int ExitCode, string Output)> RunAsync(string script, bool mayFail = false)
    {
        using var process = Process.Start(new ProcessStartInfo("bash", ["-e", "-c", script])
        {
            WorkingDirectory = RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(Timeout);
        await process.WaitForExitAsync(cancel.Token);
        Assert.True(mayFail || process.ExitCode == 0, $"README script exited with {process.ExitCode}:\n{script}\n{await errors}");
        return (process.ExitCode, await output);
    }
}
