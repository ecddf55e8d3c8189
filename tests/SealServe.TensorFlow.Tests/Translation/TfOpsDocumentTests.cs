using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.Translation;

public sealed class TfOpsDocumentTests
{
    [Fact]
    public void Generate_Registry_MatchesDocsTfOpsMd()
    {
        var document = TfOpsDocument.Generate(OpTranslatorRegistry.Default, KernelRegistry.Default);
        var path = Path.Combine(RepositoryRoot.Path, "docs", "tf-ops.md");
        if (Environment.GetEnvironmentVariable("SEALSERVE_UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, document);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == document, $"{path} is stale; regenerate it with SEALSERVE_UPDATE_DOCS=1 dotnet test tests/SealServe.TensorFlow.Tests --filter TfOpsDocument.");
    }

    [Fact]
    public void Generate_Registry_ListsEveryOpOnce()
    {
        var document = TfOpsDocument.Generate(OpTranslatorRegistry.Default, KernelRegistry.Default);

        Assert.All(GraphTranslator.SupportedOps.Concat(GraphTranslator.KernelOps), op => Assert.Single(document.Split('\n'), line => line.StartsWith($"| {op} |", StringComparison.Ordinal)));
    }
}
