using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;
using SealServe.TestKit;

namespace SealServe.Sealing.Tests.Tools;

public sealed class ModelSealerTests : IDisposable
{
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private readonly ModelFolder folder = new();

    [Fact]
    public void Seal_BasePathInPlace_SealsEveryFileOfEveryVersion()
    {
        var original = ModelFolder.Snapshot(folder.BasePath);

        var sealedFiles = new ModelSealer(key).Seal(folder.BasePath, null, null);

        Assert.Equal(10, sealedFiles.Count);
        Assert.All(original.Keys, f => Assert.True(ModelFolder.IsSealed(Path.Combine(folder.BasePath, f)), f));
        Assert.False(ModelFolder.IsSealed(Path.Combine(folder.BasePath, "README.txt")));
        Assert.Empty(Directory.EnumerateFiles(folder.Root, "*" + ModelTree.TemporarySuffix, SearchOption.AllDirectories));
        Assert.All(original, pair => Assert.Equal(pair.Value, Read(folder.BasePath, pair.Key)));
    }

    [Fact]
    public void Seal_EachVersion_GetsASealedManifestOfItsFilesAndSealIds()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, null);

        var path = Path.Combine(folder.BasePath, "1", SealedManifest.FileName);
        var sealedBytes = File.ReadAllBytes(path);
        using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes), path, new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]));
        var manifest = SealedManifest.Parse(reader.ReadAll(), path);
        Assert.Equal("my_model/1/sealserve.manifest", reader.Header.Binding.BoundPath);
        Assert.Equal(ModelFolder.VersionFiles, manifest.Files.Keys);
        foreach (var (file, sealId) in manifest.Files)
        {
            using var fileReader = SealedFileReader.Open(File.OpenRead(Path.Combine(folder.BasePath, "1", file)), file, new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]));
            fileReader.ReadAll();
            Assert.Equal(sealId, fileReader.SealId);
        }
    }

    [Fact]
    public void Seal_FileNamedLikeTheManifest_RefusesAndChangesNothing()
    {
        File.WriteAllText(Path.Combine(folder.BasePath, "1", SealedManifest.FileName), "mine");
        var before = ModelFolder.Snapshot(folder.BasePath);

        var error = Assert.Throws<ServingException>(() => new ModelSealer(key).Seal(folder.BasePath, null, null));

        Assert.Contains("a name reserved for the sealed manifest", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, ModelFolder.Snapshot(folder.BasePath));
    }

    [Fact]
    public void Seal_EachFile_IsBoundToModelVersionAndPath()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, null);

        var header = SealedFileHeader.Read(File.OpenRead(Path.Combine(folder.BasePath, "00000002", "variables", "variables.index")), "f");

        Assert.Equal("my_model/00000002/variables/variables.index", header.Binding.BoundPath);
        Assert.Equal(key.Id, header.Envelope.KeyId);
    }

    [Fact]
    public void Seal_OneVersionFolder_LeavesTheOtherVersionPlain()
    {
        new ModelSealer(key).Seal(Path.Combine(folder.BasePath, "1"), null, null);

        Assert.True(ModelFolder.IsSealed(Path.Combine(folder.BasePath, "1", "saved_model.pb")));
        Assert.False(ModelFolder.IsSealed(Path.Combine(folder.BasePath, "00000002", "saved_model.pb")));
    }

    [Fact]
    public void Seal_Twice_RefusesAndChangesNothing()
    {
        new ModelSealer(key).Seal(Path.Combine(folder.BasePath, "1"), null, null);
        var before = ModelFolder.Snapshot(folder.BasePath);

        var error = Assert.Throws<ServingException>(() => new ModelSealer(key).Seal(folder.BasePath, null, null));

        Assert.Equal(StatusCode.AlreadyExists, error.Code);
        Assert.Contains(Path.Combine(folder.BasePath, "1", "assets", "vocab.txt"), error.Message, StringComparison.Ordinal);
        Assert.Contains("already sealed (sealing twice is refused); nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.All(before, pair => Assert.Equal(pair.Value, File.ReadAllBytes(Path.Combine(folder.BasePath, pair.Key))));
    }

    [Fact]
    public void Seal_IntoOut_WritesTheSameLayoutBoundToTheDestinationAndLeavesTheSource()
    {
        var original = ModelFolder.Snapshot(folder.BasePath);
        var destination = Path.Combine(folder.Root, "sealed", "served_name");

        new ModelSealer(key).Seal(folder.BasePath, destination, null);

        Assert.All(original, pair => Assert.Equal(pair.Value, File.ReadAllBytes(Path.Combine(folder.BasePath, pair.Key))));
        Assert.All(original, pair => Assert.Equal(pair.Value, Read(destination, pair.Key)));
        var header = SealedFileHeader.Read(File.OpenRead(Path.Combine(destination, "1", "saved_model.pb")), "f");
        Assert.Equal("served_name/1/saved_model.pb", header.Binding.BoundPath);
    }

    [Fact]
    public void Seal_IntoOutInsideTheSource_Refuses()
    {
        var error = Assert.Throws<ServingException>(() => new ModelSealer(key).Seal(folder.BasePath, Path.Combine(folder.BasePath, "sealed"), null));

        Assert.Contains("must be outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seal_IntoAnExistingDestination_RefusesAndWritesNothing()
    {
        var destination = Path.Combine(folder.Root, "sealed", "my_model");
        Directory.CreateDirectory(Path.Combine(destination, "1"));
        File.WriteAllText(Path.Combine(destination, "1", "saved_model.pb"), "there already");

        var error = Assert.Throws<ServingException>(() => new ModelSealer(key).Seal(folder.BasePath, destination, null));

        Assert.Contains("already exists at the destination; nothing was changed", error.Message, StringComparison.Ordinal);
        Assert.Single(Directory.EnumerateFiles(destination, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void Seal_NotAfter_IsStoredInWholeSeconds()
    {
        var notAfter = new DateTimeOffset(2031, 12, 31, 23, 59, 59, 999, TimeSpan.Zero);

        new ModelSealer(key).Seal(folder.BasePath, null, notAfter);

        var header = SealedFileHeader.Read(File.OpenRead(Path.Combine(folder.BasePath, "1", "saved_model.pb")), "f");
        Assert.Equal(new DateTimeOffset(2031, 12, 31, 23, 59, 59, TimeSpan.Zero), header.Binding.NotAfter);
    }

    [Fact]
    public void Seal_ReportsProgressPerFile()
    {
        var reports = new List<FileProgress>();

        new ModelSealer(key, new SynchronousProgress(reports.Add)).Seal(Path.Combine(folder.BasePath, "1"), null, null, chunkSize: 512);

        var data = Path.Combine(folder.BasePath, "1", "variables", "variables.data-00000-of-00001");
        Assert.Equal([0L, 512, 1024, 1500], reports.Where(r => r.File == data).Select(r => r.Done));
        Assert.All(reports.Where(r => r.File == data), r => Assert.Equal(1500, r.Total));
    }

    [Fact]
    public void Seal_NoVersionFolder_FailsSayingWhatItExpects()
    {
        using var empty = new TempModelRepository();

        var error = Assert.Throws<ServingException>(() => new ModelSealer(key).Seal(empty.BasePath, null, null));

        Assert.Contains("neither a version folder (named by a number) nor a base path holding version folders", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        key.Dispose();
        folder.Dispose();
    }

    private byte[] Read(string basePath, string relative)
    {
        var version = relative.Split(Path.DirectorySeparatorChar)[0];
        using var reader = SealedFileReader.Open(File.OpenRead(Path.Combine(basePath, relative)), relative, new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]));
        Assert.Equal(SealedPath.For(Path.Combine(basePath, version), relative[(version.Length + 1)..]), reader.Header.Binding.BoundPath);
        return reader.ReadAll();
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; tests need the reports in order, as they happen.</summary>
    private sealed class SynchronousProgress(Action<FileProgress> report) : IProgress<FileProgress>
    {
        public void Report(FileProgress value) => report(value);
    }
}
