using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;

namespace SealServe.Sealing.Tests.Tools;

public sealed class ModelRekeyerTests : IDisposable
{
    private readonly KeyEncryptionKey oldKey = KeyEncryptionKey.Generate();
    private readonly KeyEncryptionKey newKey = KeyEncryptionKey.Generate();
    private readonly ModelFolder folder = new();

    [Fact]
    public void Rekey_SealedBasePath_MovesEveryFileToTheNewKeyWithoutReencrypting()
    {
        var original = ModelFolder.Snapshot(folder.BasePath);
        new ModelSealer(oldKey).Seal(folder.BasePath, null, null);
        var before = ModelFolder.Snapshot(folder.BasePath);

        var rewritten = new ModelRekeyer(Ring(oldKey), newKey).Rekey(folder.BasePath);

        Assert.Equal(10, rewritten.Count);
        Assert.Equal(2, rewritten.Count(f => f.RelativePath == SealedManifest.FileName));
        foreach (var (file, sealedBytes) in ModelFolder.Snapshot(folder.BasePath))
        {
            var header = SealedFileHeader.Read(new MemoryStream(sealedBytes), file);
            var oldHeader = SealedFileHeader.Read(new MemoryStream(before[file]), file);
            Assert.Equal(newKey.Id, header.Envelope.KeyId);
            Assert.Equal(before[file][oldHeader.EncodedSize..], sealedBytes[header.EncodedSize..]);
            using var reader = SealedFileReader.Open(new MemoryStream(sealedBytes), file, Ring(newKey));
            Assert.Equal(original[file], reader.ReadAll());
            Assert.Throws<ServingException>(() => SealedFileReader.Open(new MemoryStream(sealedBytes), file, Ring(oldKey)));
        }
    }

    [Fact]
    public void Rekey_SealedVersion_StillMatchesItsManifestUnderTheNewKey()
    {
        new ModelSealer(oldKey).Seal(folder.BasePath, null, null);

        new ModelRekeyer(Ring(oldKey), newKey).Rekey(folder.BasePath);

        var files = new SealedModelFiles(Ring(newKey), new SealingOptions(), new SealServe.Sealing.Hardening.ProcessHardening(new ListLogger<SealServe.Sealing.Hardening.ProcessHardening>()), TimeProvider.System, new ListLogger<SealedModelFiles>());
        var version = files.Open(Path.Combine(folder.BasePath, "00000002"));
        using var graph = version.ReadAll("saved_model.pb");
        version.VerifyUnread(CancellationToken.None);
    }

    [Fact]
    public void Rekey_AlreadyUnderTheNewKey_LeavesFilesAlone()
    {
        new ModelSealer(newKey).Seal(folder.BasePath, null, null);
        var before = ModelFolder.Snapshot(folder.BasePath);

        var rewritten = new ModelRekeyer(Ring(oldKey), newKey).Rekey(folder.BasePath);

        Assert.Empty(rewritten);
        Assert.Equal(before, ModelFolder.Snapshot(folder.BasePath));
    }

    [Fact]
    public void Rekey_PlainFiles_AreLeftAlone()
    {
        new ModelSealer(oldKey).Seal(Path.Combine(folder.BasePath, "1"), null, null);

        var rewritten = new ModelRekeyer(Ring(oldKey), newKey).Rekey(folder.BasePath);

        Assert.Equal(5, rewritten.Count);
        Assert.All(rewritten, f => Assert.Equal(Path.Combine(folder.BasePath, "1"), f.VersionDirectory));
    }

    [Fact]
    public void Rekey_OldKeyMissing_FailsNamingTheFile()
    {
        new ModelSealer(oldKey).Seal(folder.BasePath, null, null);

        var error = Assert.Throws<ServingException>(() => new ModelRekeyer(Ring(newKey), newKey).Rekey(folder.BasePath));

        Assert.StartsWith(Path.Combine(folder.BasePath, "00000002", "assets", "vocab.txt") + ": sealed with key " + oldKey.Id, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        oldKey.Dispose();
        newKey.Dispose();
        folder.Dispose();
    }

    private static KeyRing Ring(KeyEncryptionKey key) => new([KeyEncryptionKey.FromBytes(key.Material)]);
}
