using Microsoft.Extensions.Time.Testing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;
using SealServe.TestKit;

namespace SealServe.Sealing.Tests.Tools;

/// <summary>
/// Every file of the shared corpus (ONNX models, SavedModels with variables and assets, frozen graphs, test
/// data) sealed as one version and read back through the server's <see cref="SealedModelFiles"/>, byte for byte.
/// </summary>
public sealed class CorpusSealingTests
{
    [Fact]
    public void SealThenReadAll_EveryCorpusFile_GivesTheOriginalBytes()
    {
        var corpus = Corpus.Require();
        using var repository = new TempModelRepository();
        var version = Path.Combine(repository.BasePath, "1");
        CopyTree(corpus, version);
        using var key = KeyEncryptionKey.Generate();

        var sealedFiles = new ModelSealer(key).Seal(version, null, null);
        var files = new SealedModelFiles(new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]), new SealingOptions(), new ProcessHardening(new ListLogger<ProcessHardening>()), new FakeTimeProvider(), new ListLogger<SealedModelFiles>());

        var versionFiles = files.Open(version);
        Assert.True(sealedFiles.Count > 100, $"only {sealedFiles.Count} corpus files");
        foreach (var file in sealedFiles.Where(f => !f.IsManifest))
        {
            var original = File.ReadAllBytes(Path.Combine(corpus, file.RelativePath));
            Assert.True(ModelFolder.IsSealed(file.FullPath), file.RelativePath);
            using var buffer = versionFiles.ReadAll(file.RelativePath);
            Assert.True(original.AsSpan().SequenceEqual(buffer.Bytes), file.RelativePath);
        }
    }

    private static void CopyTree(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
