namespace SealServe.Benchmarks;

/// <summary>Finds the shared corpus as the tests do: <c>SEALSERVE_CORPUS</c>, else <c>../shared/corpus</c> beside the repository.</summary>
public static class BenchmarkCorpus
{
    public static string Require(string relativePath)
    {
        var root = Environment.GetEnvironmentVariable("SEALSERVE_CORPUS") is { Length: > 0 } configured ? configured : Path.Combine(RepositoryRoot(), "..", "shared", "corpus");
        var path = Path.GetFullPath(Path.Combine(root, relativePath));
        return File.Exists(path) || Directory.Exists(path)
            ? path
            : throw new FileNotFoundException($"Corpus file {path} not found; set SEALSERVE_CORPUS to the shared corpus folder.");
    }

    /// <summary>The largest ONNX model of the corpus: the load-time benchmark's subject.</summary>
    public static string LargestOnnxModel() =>
        Directory.EnumerateFiles(Require("onnx"), "model.onnx", SearchOption.AllDirectories).MaxBy(f => new FileInfo(f).Length)!;

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SealServe.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SealServe.slnx not found above the benchmark binaries; set SEALSERVE_CORPUS.");
    }
}
