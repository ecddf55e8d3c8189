using Xunit;

namespace SealServe.TestKit;

/// <summary>Locates the shared corpus of real models (../shared/corpus) for tests.</summary>
/// <remarks>
/// <c>SEALSERVE_CORPUS</c> overrides the location. Without a corpus a test skips with a visible
/// reason, so a fresh clone passes; <c>SEALSERVE_REQUIRE_CORPUS=1</c> (set by CI) turns that skip
/// into a failure.
/// </remarks>
public static class Corpus
{
    /// <summary>The corpus root, whether or not it exists.</summary>
    public static string Root { get; } = ResolveRoot();

    /// <summary>Returns the absolute path of <paramref name="relativePath"/> inside the corpus, or skips / fails the test when it is absent.</summary>
    public static string Require(string relativePath = "")
    {
        var path = Path.GetFullPath(Path.Combine(Root, relativePath));
        if (File.Exists(path) || Directory.Exists(path))
        {
            return path;
        }

        var reason = $"Corpus file '{path}' not found (set SEALSERVE_CORPUS to the shared corpus folder).";
        if (Environment.GetEnvironmentVariable("SEALSERVE_REQUIRE_CORPUS") == "1")
        {
            Assert.Fail(reason + " SEALSERVE_REQUIRE_CORPUS=1 makes this a failure.");
        }

        Assert.Skip(reason);
        return path;
    }

    private static string ResolveRoot()
    {
        var configured = Environment.GetEnvironmentVariable("SEALSERVE_CORPUS");
        return string.IsNullOrEmpty(configured)
            ? Path.GetFullPath(Path.Combine(RepositoryRoot.Path, "..", "shared", "corpus"))
            : Path.GetFullPath(configured);
    }
}
