using System.Reflection;

namespace SealServe.LoadTest;

/// <summary>Where the build put things: the repository, the <c>sealserve</c> build it starts, the corpus.</summary>
internal static class LoadTestPaths
{
    public static string RepoRoot { get; } = Metadata("RepoRoot") is { } root && File.Exists(Path.Combine(root, "SealServe.slnx")) ? Path.GetFullPath(root) : FindRepoRoot();

    /// <summary><c>sealserve.dll</c> of the same configuration, built through the project reference.</summary>
    public static string CliDll { get; } = Metadata("SealServeCli") ?? Path.Combine(RepoRoot, "src", "SealServe.Cli", "bin", "Release", "net10.0", "sealserve.dll");

    public static string Configuration { get; } = Metadata("Configuration") ?? "unknown";

    /// <summary>The shared corpus (<c>SEALSERVE_CORPUS</c>, else <c>../shared/corpus</c> beside the checkout), as the tests find it.</summary>
    public static string CorpusRoot { get; } = Environment.GetEnvironmentVariable("SEALSERVE_CORPUS") is { Length: > 0 } configured
        ? Path.GetFullPath(configured)
        : Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "corpus"));

    private static string? Metadata(string key) =>
        typeof(LoadTestPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value;

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SealServe.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SealServe.slnx not found above {AppContext.BaseDirectory}.");
    }
}
