using System.Net;
using System.Text;
using SealServe.TestKit;

namespace SealServe.FunctionalTests.Sealing;

/// <summary>
/// The built <c>sealserve</c>, run under <c>strace -f</c> while it loads a sealed corpus model and answers
/// predictions: it must write no file at all (so no plaintext, no cache, no temporary file), and the model's
/// plaintext must appear nowhere it could have written.
/// </summary>
public sealed class NoPlaintextOnDiskTests
{
    [Fact]
    public async Task Serve_SealedModel_WritesNoFile()
    {
        var plaintext = File.ReadAllBytes(Corpus.Require("onnx/squeezenet1_1/model.onnx"));
        using var keys = new TestKeys();
        using var repository = new TempModelRepository();
        keys.Seal(repository.AddVersion("1", plaintext));

        var lines = await ServeTracedAsync(string.Empty, repository.BasePath, keys.KeyFile, plaintext, "Process hardened for sealed models");

        // The trace saw the sealed file being read: it was watching the right calls.
        Assert.Contains(lines, l => l.Contains(Path.Combine(repository.BasePath, "1", "model.onnx"), StringComparison.Ordinal));
    }

    /// <summary>The same from S3 (s3rver on loopback, reached through the AWS environment variables): nothing of the model touches the disk.</summary>
    [Fact]
    public async Task Serve_SealedModelFromS3_WritesNoFile()
    {
        var plaintext = File.ReadAllBytes(Corpus.Require("onnx/squeezenet1_1/model.onnx"));
        using var s3 = await S3Server.StartAsync();
        using var keys = new TestKeys();
        using (var local = new TempModelRepository())
        {
            keys.Seal(local.AddVersion("1", plaintext));
            await s3.UploadFolderAsync(local.BasePath, "store/model");
        }

        var environment = string.Join(' ', s3.Environment.Select(v => $"{v.Key}={v.Value}"));
        await ServeTracedAsync(environment, $"s3://{S3Server.Bucket}/store/model", keys.KeyFile, plaintext, "Successfully loaded squeezenet version 1");
    }

    [Theory]
    [InlineData("123 openat(AT_FDCWD</w>, \"/tmp/x\", O_WRONLY|O_CREAT|O_CLOEXEC, 0644) = 7</tmp/x>", "/tmp/x")]
    [InlineData("123 openat(AT_FDCWD</w>, \"/m/model.onnx\", O_RDONLY|O_CLOEXEC) = 7</m/model.onnx>", null)]
    [InlineData("123 write(7</tmp/y>, \"\"..., 4096) = 4096", "/tmp/y")]
    [InlineData("123 write(9<socket:[4242]>, \"\"..., 10) = 10", null)]
    [InlineData("123 pwrite64(7</var/cache/z>, \"\"..., 10, 0) = 10", "/var/cache/z")]
    [InlineData("123 renameat(AT_FDCWD</w>, \"/tmp/a.tmp\", AT_FDCWD</w>, \"/tmp/a\") = 0", "/tmp/a")]
    [InlineData("123 openat(AT_FDCWD</w>, \"/tmp/q\", O_WRONLY|O_CREAT, 0644) = -1 EACCES (Permission denied)", null)]
    [InlineData("123 mknodat(AT_FDCWD</w>, \"/tmp/clr-debug-pipe-1-in\", S_IFIFO|0700) = 0", null)]
    [InlineData("123 ftruncate(8</memfd:doublemapper>(deleted), 4096) = 0", null)]
    [InlineData("123 ftruncate(8</tmp/z>, 4096) = 0", "/tmp/z")]
    public void WrittenFiles_TraceLine_FindsWhatWasWritten(string line, string? expected)
    {
        var written = SyscallTrace.WrittenFiles([line]);

        Assert.Equal(expected is null ? [] : [expected], written.Keys.Where(k => k != "/tmp/a.tmp" && k != "/w"));
    }

    /// <summary>
    /// Runs <c>serve</c> on the squeezenet at <paramref name="basePath"/> under strace until it has answered a prediction
    /// and stopped, checks that it wrote no file (the trace saw its log go to a pipe) and returns the trace's lines.
    /// </summary>
    private static async Task<string[]> ServeTracedAsync(string environment, string basePath, string keyFile, byte[] plaintext, string expectedOutput)
    {
        var strace = RequireStrace();
        var home = Directory.CreateTempSubdirectory("sealserve-home-");
        var trace = Path.Combine(home.FullName, "..", $"{home.Name}.strace");
        var (grpc, rest) = (ServeProcessTests.FreePort(), ServeProcessTests.FreePort());
        try
        {
            // HOME points at an empty folder, so caches a library might create land where this test looks too.
            using (var server = ServerProcess.Start(
                $"env HOME={home.FullName} {environment} {strace} -f -qq -y -s 0 -o {trace} -e signal=none -e trace={SyscallTrace.Syscalls} "
                + $"{ServeProcessTests.Program} serve --port={grpc} --rest_api_port={rest} --model_name=squeezenet --model_base_path={basePath} --key_file={keyFile}",
                RepositoryRoot.Path))
            {
                await server.WaitForOutputAsync($"Exporting HTTP/REST API at:localhost:{rest}", TimeSpan.FromMinutes(2));
                using var http = new HttpClient();
                var input = JsonTensors.Floats(new float[3 * 224 * 224], [1, 3, 224, 224]);
                using var response = await http.PostAsync($"http://127.0.0.1:{rest}/v1/models/squeezenet:predict", new StringContent($"{{\"instances\": {input}}}", Encoding.UTF8, "application/json"));
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                StopTracedServer(server.Id);
                Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
                Assert.Contains(expectedOutput, server.Output, StringComparison.Ordinal);
            }

            var lines = File.ReadAllLines(trace);
            var written = SyscallTrace.WrittenFiles(lines);
            Assert.Contains(lines, l => SyscallTrace.WrittenPaths(l).Any(p => p.StartsWith("pipe:", StringComparison.Ordinal)));
            Assert.True(written.Count == 0, "the server wrote files: " + string.Join("\n", written.Select(w => $"{w.Key} ({Scan(w.Key, plaintext)}): {w.Value[0]}")));
            Assert.Empty(Directory.EnumerateFileSystemEntries(home.FullName, "*", SearchOption.AllDirectories));
            return lines;
        }
        finally
        {
            home.Delete(recursive: true);
            File.Delete(trace);
        }
    }

    /// <summary>SIGTERM to the server itself: strace (the process we started) would only detach and leave it running.</summary>
    private static void StopTracedServer(int straceId)
    {
        using var kill = System.Diagnostics.Process.Start("pkill", ["-TERM", "-P", straceId.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    private static string RequireStrace()
    {
        var path = new[] { "/usr/bin/strace", "/bin/strace" }.FirstOrDefault(File.Exists);
        Assert.True(path is not null, "strace is not installed (CI installs it: .ci/run); this test traces the server's file writes with it.");
        return path;
    }

    /// <summary>
    /// Whether a file the server wrote holds any 64-byte window of the model (checked every 4 KiB of the model).
    /// Windows of few distinct bytes (runs of zeros in weights) are skipped: any file may hold those.
    /// </summary>
    private static string Scan(string path, byte[] plaintext)
    {
        if (!File.Exists(path))
        {
            return "gone";
        }

        var content = File.ReadAllBytes(path);
        for (var offset = 0; offset + 64 <= plaintext.Length; offset += 4096)
        {
            var window = plaintext.AsSpan(offset, 64);
            if (new HashSet<byte>(window.ToArray()).Count >= 32 && content.AsSpan().IndexOf(window) >= 0)
            {
                return $"HOLDS PLAINTEXT from offset {offset}";
            }
        }

        return "no plaintext found";
    }
}
