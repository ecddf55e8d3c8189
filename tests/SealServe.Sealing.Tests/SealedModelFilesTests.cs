using System.Text;
using Microsoft.Extensions.Time.Testing;
using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Hardening;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Legacy;
using SealServe.Sealing.Tools;
using SealServe.TestKit;

namespace SealServe.Sealing.Tests;

public sealed class SealedModelFilesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 6, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private readonly TempModelRepository repository = new();
    private readonly FakeTimeProvider time = new(Now);
    private readonly ListLogger<SealedModelFiles> logger = new();
    private readonly byte[] model = TestSealing.Bytes(5000);

    [Fact]
    public void ReadAll_PlainFile_ReturnsItAsItIs()
    {
        var version = repository.AddVersion("1", model);

        using var buffer = Files().Open(version).ReadAll("model.onnx");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_SealedFile_ReturnsThePlaintext()
    {
        var version = SealedVersion("1");

        using var buffer = Files().Open(version).ReadAll("model.onnx");

        Assert.Equal(model, buffer.Bytes);
        Assert.Contains($"Debug 2004: Unsealed {Path.Combine(version, "model.onnx")} in memory (5000 bytes, key {key.Id})", logger.Lines);
    }

    [Fact]
    public void ReadAll_SealedFileInASubfolder_IsBoundToItsRelativePath()
    {
        var version = repository.AddVersion("1", model, "variables.data");
        Directory.CreateDirectory(Path.Combine(version, "variables"));
        File.Move(Path.Combine(version, "variables.data"), Path.Combine(version, "variables", "variables.data"));
        new ModelSealer(key).Seal(version, null, null);

        using var buffer = Files().Open(version).ReadAll("variables/variables.data");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void Open_VersionFolderRenamed_FailsAsMoved()
    {
        SealedVersion("1");
        var moved = Path.Combine(repository.BasePath, "2");
        Directory.Move(Path.Combine(repository.BasePath, "1"), moved);

        var error = Assert.Throws<ServingException>(() => Files().Open(moved));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal(
            $"{Path.Combine(moved, "sealserve.manifest")}: sealed for 'model/1/sealserve.manifest' but found at 'model/2/sealserve.manifest': a sealed file cannot be moved to another path, version or model",
            error.Message);
    }

    [Fact]
    public void ReadAll_FileMovedOverAnotherOfTheVersion_FailsAsMoved()
    {
        var version = repository.AddVersion("1", ("model.onnx", model), ("other.onnx", TestSealing.Bytes(10)));
        new ModelSealer(key).Seal(version, null, null);
        File.Move(Path.Combine(version, "model.onnx"), Path.Combine(version, "other.onnx"), overwrite: true);
        File.Copy(Path.Combine(version, "other.onnx"), Path.Combine(version, "model.onnx"));

        var error = Assert.Throws<ServingException>(() => Files().Open(version).ReadAll("other.onnx"));

        Assert.Contains("sealed for 'model/1/model.onnx' but found at 'model/1/other.onnx'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FileRenamedInsideTheVersion_FailsListingBothNames()
    {
        var version = SealedVersion("1");
        File.Move(Path.Combine(version, "model.onnx"), Path.Combine(version, "other.onnx"));

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Equal(
            $"{version}: not the version that was sealed: {Path.Combine(version, "other.onnx")}: not in the version's sealed manifest: added after sealing; "
            + $"{Path.Combine(version, "model.onnx")}: missing: the version's sealed manifest lists it",
            error.Message);
    }

    [Fact]
    public void Open_VersionCopiedIntoAnotherModel_FailsAsMoved()
    {
        var version = SealedVersion("1");
        using var other = new TempModelRepository();
        var copy = Path.Combine(Path.GetDirectoryName(other.BasePath)!, "fraud_model", "1");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(version))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        var error = Assert.Throws<ServingException>(() => Files().Open(copy));

        Assert.Contains("sealed for 'model/1/sealserve.manifest' but found at 'fraud_model/1/sealserve.manifest'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_SealedFileWithoutItsManifest_FailsAsMissingManifest()
    {
        var version = SealedVersion("1");
        File.Delete(Path.Combine(version, "sealserve.manifest"));

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.StartsWith($"{Path.Combine(version, "sealserve.manifest")}: missing, yet the version holds sealed files", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_PlainFileBesideSealedOnes_FailsAsMixed()
    {
        var version = SealedVersion("1");
        File.WriteAllBytes(Path.Combine(version, "weights.bin"), model);

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Equal($"{version}: not the version that was sealed: {Path.Combine(version, "weights.bin")}: a plain file in a sealed version (sealed and plain files never mix)", error.Message);
    }

    [Fact]
    public void Open_PlainManifestInAPlainVersion_FailsAsMixed()
    {
        var version = repository.AddVersion("1", ("model.onnx", model), ("sealserve.manifest", "sealserve-manifest v1\n"u8.ToArray()));

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Contains($"{Path.Combine(version, "sealserve.manifest")}: a plain file in a sealed version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_AnotherSealingOfTheSamePath_FailsAsNotThisSealing()
    {
        var version = SealedVersion("1");
        using var elsewhere = new TempModelRepository();
        var other = elsewhere.AddVersion("1", TestSealing.Bytes(300, seed: 7));
        new ModelSealer(key).Seal(other, null, null);
        File.Copy(Path.Combine(other, "model.onnx"), Path.Combine(version, "model.onnx"), overwrite: true);
        var files = Files().Open(version);

        var error = Assert.Throws<ServingException>(() => files.ReadAll("model.onnx"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.StartsWith($"{Path.Combine(version, "model.onnx")}: not the file sealed with this version", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void VerifyUnread_TamperedFileNoLoaderRead_FailsNamingIt()
    {
        var version = repository.AddVersion("1", ("model.onnx", model), ("assets/vocab.txt", TestSealing.Bytes(100)));
        new ModelSealer(key).Seal(version, null, null);
        var asset = Path.Combine(version, "assets", "vocab.txt");
        var bytes = File.ReadAllBytes(asset);
        bytes[^5] ^= 0x80;
        File.WriteAllBytes(asset, bytes);
        var files = Files().Open(version);
        using var read = files.ReadAll("model.onnx");

        var error = Assert.Throws<ServingException>(() => files.VerifyUnread(CancellationToken.None));

        Assert.Equal($"{asset}: chunk 0 of 1 failed authentication: tampered, reordered or corrupted", error.Message);
    }

    [Fact]
    public void VerifyUnread_IntactVersion_AuthenticatesWhatWasNotRead()
    {
        var version = repository.AddVersion("1", ("model.onnx", model), ("assets/vocab.txt", TestSealing.Bytes(100)));
        new ModelSealer(key).Seal(version, null, null);
        var files = Files().Open(version);
        using var read = files.ReadAll("model.onnx");

        files.VerifyUnread(CancellationToken.None);

        Assert.Contains(logger.Lines, l => l.Contains($"Unsealed {Path.Combine(version, "assets", "vocab.txt")} in memory", StringComparison.Ordinal));
    }

    [Fact]
    public void Open_RequireSealedModels_RefusesAPlainVersion()
    {
        var version = repository.AddVersion("1", model);

        var error = Assert.Throws<ServingException>(() => Files(options: new SealingOptions { RequireSealedModels = true }).Open(version));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal($"{version}: plain model files are refused (--require_sealed_models): seal the version with 'sealserve seal'", error.Message);
    }

    [Fact]
    public void Open_RequireSealedModels_ReadsASealedVersion()
    {
        var version = SealedVersion("1");

        using var buffer = Files(options: new SealingOptions { RequireSealedModels = true }).Open(version).ReadAll("model.onnx");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_WholeModelFolderMovedElsewhere_StillReads()
    {
        SealedVersion("1");
        var root = Directory.CreateTempSubdirectory("sealserve-mount-");
        try
        {
            var mounted = Path.Combine(root.FullName, "model");
            Directory.Move(repository.BasePath, mounted);

            using var buffer = Files().Open(Path.Combine(mounted, "1")).ReadAll("model.onnx");

            Assert.Equal(model, buffer.Bytes);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void Open_Expired_FailsWithTheDate()
    {
        var version = SealedVersion("1", notAfter: Now.AddDays(1));
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal($"{Path.Combine(version, "sealserve.manifest")}: expired: sealed to be served until 2030-06-02T12:00:00Z", error.Message);
    }

    [Fact]
    public void ReadAll_OnTheLastDay_StillReads()
    {
        var version = SealedVersion("1", notAfter: Now.AddDays(1));
        time.Advance(TimeSpan.FromDays(1));

        using var buffer = Files().Open(version).ReadAll("model.onnx");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_TamperedChunk_FailsNamingTheFile()
    {
        var version = SealedVersion("1");
        var path = Path.Combine(version, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[^100] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ServingException>(() => Files().Open(version).ReadAll("model.onnx"));

        Assert.Equal($"{path}: chunk 0 of 1 failed authentication: tampered, reordered or corrupted", error.Message);
    }

    [Fact]
    public void Open_DamagedMagic_FailsInsteadOfPassingAsPlain()
    {
        var version = SealedVersion("1");
        var path = Path.Combine(version, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ServingException>(() => Files().Open(version));

        Assert.Equal($"{path}: damaged sealed-file header (its magic bytes were altered)", error.Message);
    }

    [Fact]
    public void Open_SealedButNoKeyConfigured_FailsSayingHowToConfigureOne()
    {
        var version = SealedVersion("1");

        var error = Assert.Throws<ServingException>(() => Files(KeyRing.Empty).Open(version));

        Assert.Equal($"{Path.Combine(version, "sealserve.manifest")}: sealed with key {key.Id}, but no key is configured (--key_file, --key_env or --key_command)", error.Message);
    }

    [Fact]
    public void ReadAll_SealedFile_HardensTheProcessFirst()
    {
        var version = SealedVersion("1");
        var hardeningLog = new ListLogger<ProcessHardening>();

        using var buffer = Files(hardening: new ProcessHardening(hardeningLog)).Open(version).ReadAll("model.onnx");

        // 2002 hardened, or 2003 hardened but for the test host's own diagnostics port.
        Assert.Contains(hardeningLog.Lines, l => l.StartsWith("Information 2002: Process hardened", StringComparison.Ordinal) || l.StartsWith("Warning 2003: Process hardening", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadAll_PlainFile_DoesNotHarden()
    {
        var version = repository.AddVersion("1", model);
        var hardeningLog = new ListLogger<ProcessHardening>();

        using var buffer = Files(hardening: new ProcessHardening(hardeningLog)).Open(version).ReadAll("model.onnx");

        Assert.Empty(hardeningLog.Lines);
    }

    [Fact]
    public void ReadAll_LegacySavedModelFromOpenssl_IsDecrypted()
    {
        var legacyKey = Encoding.ASCII.GetBytes("0123456789abcdef");
        var graph = Encoding.ASCII.GetBytes("a SavedModel graph, not really");
        var version = repository.AddVersion("1", OpenSsl.EncryptAes128Cbc(graph, legacyKey, CryptpbReader.DefaultIv), "saved_model.pb");

        using var buffer = Files(options: new SealingOptions { LegacyCryptpbKey = legacyKey }).Open(version).ReadAll("saved_model.pb");

        Assert.Equal(graph, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_LegacyKeyConfigured_OtherFilesStayPlain()
    {
        var version = repository.AddVersion("1", model, "variables.index");

        using var buffer = Files(options: new SealingOptions { LegacyCryptpbKey = new byte[16] }).Open(version).ReadAll("variables.index");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_LegacyWrongKey_FailsWithoutShowingTheKey()
    {
        var version = repository.AddVersion("1", OpenSsl.EncryptAes128Cbc(model, Encoding.ASCII.GetBytes("0123456789abcdef"), CryptpbReader.DefaultIv), "saved_model.pb");

        var error = Assert.Throws<ServingException>(() => Files(options: new SealingOptions { LegacyCryptpbKey = Encoding.ASCII.GetBytes("fedcba9876543210") }).Open(version).ReadAll("saved_model.pb"));

        Assert.Equal($"{Path.Combine(version, "saved_model.pb")}: cannot decrypt the legacy cryptpb file: wrong --legacy_cryptpb_key or --legacy_cryptpb_iv, or not an encrypted file", error.Message);
    }

    public void Dispose()
    {
        key.Dispose();
        repository.Dispose();
    }

    private string SealedVersion(string folder, DateTimeOffset? notAfter = null)
    {
        var version = repository.AddVersion(folder, model);
        new ModelSealer(key).Seal(version, null, notAfter, chunkSize: SealedFormat.DefaultChunkSize);
        return version;
    }

    private SealedModelFiles Files(KeyRing? keys = null, SealingOptions? options = null, ProcessHardening? hardening = null) =>
        new(keys ?? new KeyRing([KeyEncryptionKey.FromBytes(key.Material)]), options ?? new SealingOptions(), hardening ?? new ProcessHardening(new ListLogger<ProcessHardening>()), time, logger);
}
