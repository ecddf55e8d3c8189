using SealServe.Core.Errors;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;

namespace SealServe.Sealing.Tests.Tools;

public sealed class ModelUnsealerTests : IDisposable
{
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private readonly ModelFolder folder = new();

    [Fact]
    public void Unseal_SealedBasePath_WritesTheOriginalFiles()
    {
        var original = ModelFolder.Snapshot(folder.BasePath);
        new ModelSealer(key).Seal(folder.BasePath, null, null);
        var destination = Path.Combine(folder.Root, "plain", "my_model");

        new ModelUnsealer(Ring()).Unseal(folder.BasePath, destination);

        Assert.Equal(original, ModelFolder.Snapshot(destination));
        Assert.Empty(Directory.EnumerateFiles(destination, SealServe.Sealing.Format.SealedManifest.FileName, SearchOption.AllDirectories));
    }

    [Fact]
    public void Unseal_MixedVersion_CopiesPlainFilesAsTheyAre()
    {
        var original = ModelFolder.Snapshot(folder.BasePath);
        new ModelSealer(key).Seal(Path.Combine(folder.BasePath, "1"), null, null);
        var destination = Path.Combine(folder.Root, "plain", "my_model");

        new ModelUnsealer(Ring()).Unseal(folder.BasePath, destination);

        Assert.Equal(original, ModelFolder.Snapshot(destination));
    }

    [Fact]
    public void Unseal_InPlace_Refuses()
    {
        var error = Assert.Throws<ServingException>(() => new ModelUnsealer(Ring()).Unseal(folder.BasePath, folder.BasePath));

        Assert.Contains("must be outside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unseal_TamperedFile_FailsAndLeavesNoPartialFile()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, null, chunkSize: 256);
        var tampered = Path.Combine(folder.BasePath, "1", "variables", "variables.index");
        var bytes = File.ReadAllBytes(tampered);
        bytes[^20] ^= 0x01;
        File.WriteAllBytes(tampered, bytes);
        var destination = Path.Combine(folder.Root, "plain", "my_model");

        var error = Assert.Throws<ServingException>(() => new ModelUnsealer(Ring()).Unseal(folder.BasePath, destination));

        Assert.Equal($"{tampered}: chunk 8 of 9 failed authentication: tampered, reordered or corrupted", error.Message);
        Assert.False(File.Exists(Path.Combine(destination, "1", "variables", "variables.index")));
        Assert.Empty(Directory.EnumerateFiles(destination, "*" + ModelTree.TemporarySuffix, SearchOption.AllDirectories));
    }

    [Fact]
    public void Unseal_WrongKey_Fails()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, null);
        using var other = KeyEncryptionKey.Generate();

        var error = Assert.Throws<ServingException>(() => new ModelUnsealer(new KeyRing([other])).Unseal(folder.BasePath, Path.Combine(folder.Root, "plain")));

        Assert.Contains($"sealed with key {key.Id}, which is not among the configured keys ({other.Id})", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        key.Dispose();
        folder.Dispose();
    }

    private KeyRing Ring() => new([KeyEncryptionKey.FromBytes(key.Material)]);
}
