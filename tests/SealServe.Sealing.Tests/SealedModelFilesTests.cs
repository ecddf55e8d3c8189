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

        using var buffer = Files().ReadAll(version, "model.onnx");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_SealedFile_ReturnsThePlaintext()
    {
        var version = SealedVersion("1");

        using var buffer = Files().ReadAll(version, "model.onnx");

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

        using var buffer = Files().ReadAll(version, "variables/variables.data");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_VersionFolderRenamed_FailsAsMoved()
    {
        SealedVersion("1");
        var moved = Path.Combine(repository.BasePath, "2");
        Directory.Move(Path.Combine(repository.BasePath, "1"), moved);

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(moved, "model.onnx"));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal(
            $"{Path.Combine(moved, "model.onnx")}: sealed for 'model/1/model.onnx' but found at 'model/2/model.onnx': a sealed file cannot be moved to another path, version or model",
            error.Message);
    }

    [Fact]
    public void ReadAll_FileRenamedInsideTheVersion_FailsAsMoved()
    {
        var version = SealedVersion("1");
        File.Move(Path.Combine(version, "model.onnx"), Path.Combine(version, "other.onnx"));

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(version, "other.onnx"));

        Assert.Contains("sealed for 'model/1/model.onnx' but found at 'model/1/other.onnx'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_VersionCopiedIntoAnotherModel_FailsAsMoved()
    {
        var version = SealedVersion("1");
        using var other = new TempModelRepository();
        var otherModel = Path.Combine(Path.GetDirectoryName(other.BasePath)!, "fraud_model");
        var copy = Path.Combine(otherModel, "1");
        Directory.CreateDirectory(copy);
        File.Copy(Path.Combine(version, "model.onnx"), Path.Combine(copy, "model.onnx"));

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(copy, "model.onnx"));

        Assert.Contains("sealed for 'model/1/model.onnx' but found at 'fraud_model/1/model.onnx'", error.Message, StringComparison.Ordinal);
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

            using var buffer = Files().ReadAll(Path.Combine(mounted, "1"), "model.onnx");

            Assert.Equal(model, buffer.Bytes);
        }
        finally
        {
            root.Delete(recursive: true);
        }
    }

    [Fact]
    public void ReadAll_Expired_FailsWithTheDate()
    {
        var version = SealedVersion("1", notAfter: Now.AddDays(1));
        time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromSeconds(1));

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(version, "model.onnx"));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal($"{Path.Combine(version, "model.onnx")}: expired: sealed to be served until 2030-06-02T12:00:00Z", error.Message);
    }

    [Fact]
    public void ReadAll_OnTheLastDay_StillReads()
    {
        var version = SealedVersion("1", notAfter: Now.AddDays(1));
        time.Advance(TimeSpan.FromDays(1));

        using var buffer = Files().ReadAll(version, "model.onnx");

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

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(version, "model.onnx"));

        Assert.Equal($"{path}: chunk 0 of 1 failed authentication: tampered, reordered or corrupted", error.Message);
    }

    [Fact]
    public void ReadAll_DamagedMagic_FailsInsteadOfPassingAsPlain()
    {
        var version = SealedVersion("1");
        var path = Path.Combine(version, "model.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[1] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ServingException>(() => Files().ReadAll(version, "model.onnx"));

        Assert.Equal($"{path}: damaged sealed-file header (its magic bytes were altered)", error.Message);
    }

    [Fact]
    public void ReadAll_SealedButNoKeyConfigured_FailsSayingHowToConfigureOne()
    {
        var version = SealedVersion("1");

        var error = Assert.Throws<ServingException>(() => Files(KeyRing.Empty).ReadAll(version, "model.onnx"));

        Assert.Equal($"{Path.Combine(version, "model.onnx")}: sealed with key {key.Id}, but no key is configured (--key_file, --key_env or --key_command)", error.Message);
    }

    [Fact]
    public void ReadAll_SealedFile_HardensTheProcessFirst()
    {
        var version = SealedVersion("1");
        var hardeningLog = new ListLogger<ProcessHardening>();

        using var buffer = Files(hardening: new ProcessHardening(hardeningLog)).ReadAll(version, "model.onnx");

        Assert.Contains(hardeningLog.Lines, l => l.StartsWith("Information 2002: Process hardened", StringComparison.Ordinal));
    }

    [Fact]
    public void ReadAll_PlainFile_DoesNotHarden()
    {
        var version = repository.AddVersion("1", model);
        var hardeningLog = new ListLogger<ProcessHardening>();

        using var buffer = Files(hardening: new ProcessHardening(hardeningLog)).ReadAll(version, "model.onnx");

        Assert.Empty(hardeningLog.Lines);
    }

    [Fact]
    public void ReadAll_LegacySavedModelFromOpenssl_IsDecrypted()
    {
        var legacyKey = Encoding.ASCII.GetBytes("0123456789abcdef");
        var graph = Encoding.ASCII.GetBytes("a SavedModel graph, not really");
        var version = repository.AddVersion("1", OpenSsl.EncryptAes128Cbc(graph, legacyKey, CryptpbReader.DefaultIv), "saved_model.pb");

        using var buffer = Files(options: new SealingOptions { LegacyCryptpbKey = legacyKey }).ReadAll(version, "saved_model.pb");

        Assert.Equal(graph, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_LegacyKeyConfigured_OtherFilesStayPlain()
    {
        var version = repository.AddVersion("1", model, "variables.index");

        using var buffer = Files(options: new SealingOptions { LegacyCryptpbKey = new byte[16] }).ReadAll(version, "variables.index");

        Assert.Equal(model, buffer.Bytes);
    }

    [Fact]
    public void ReadAll_LegacyWrongKey_FailsWithoutShowingTheKey()
    {
        var version = repository.AddVersion("1", OpenSsl.EncryptAes128Cbc(model, Encoding.ASCII.GetBytes("0123456789abcdef"), CryptpbReader.DefaultIv), "saved_model.pb");

        var error = Assert.Throws<ServingException>(() => Files(options: new SealingOptions { LegacyCryptpbKey = Encoding.ASCII.GetBytes("fedcba9876543210") }).ReadAll(version, "saved_model.pb"));

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
