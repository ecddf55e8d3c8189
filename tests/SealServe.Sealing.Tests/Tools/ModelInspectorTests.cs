using Microsoft.Extensions.Time.Testing;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using SealServe.Sealing.Tools;

namespace SealServe.Sealing.Tests.Tools;

public sealed class ModelInspectorTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly KeyEncryptionKey key = KeyEncryptionKey.Generate();
    private readonly ModelFolder folder = new();
    private readonly ModelInspector inspector = new(new FakeTimeProvider(Now));

    [Fact]
    public void Inspect_PlainTree_ListsEveryFileAsPlain()
    {
        var files = inspector.Inspect(folder.BasePath);

        Assert.Equal(9, files.Count);
        Assert.All(files, f => Assert.Equal(SealedFileKind.Plain, f.Kind));
        Assert.All(files, f => Assert.Null(f.Header));
        Assert.Equal(new FileInfo(Path.Combine(folder.BasePath, "1", "saved_model.pb")).Length, files.Single(f => f.File.FullPath.EndsWith(Path.Combine("1", "saved_model.pb"), StringComparison.Ordinal)).FileLength);
    }

    [Fact]
    public void Inspect_SealedTree_GivesKeyIdSizesAndExpiryWithoutAKey()
    {
        var notAfter = Now.AddDays(30);
        new ModelSealer(key).Seal(folder.BasePath, null, notAfter);

        var files = inspector.Inspect(folder.BasePath);

        var sealedFiles = files.Where(f => f.Kind == SealedFileKind.Sealed).ToArray();
        Assert.Equal(10, sealedFiles.Length);
        Assert.Equal(2, sealedFiles.Count(f => f.File.RelativePath == SealedManifest.FileName));
        Assert.All(sealedFiles, f =>
        {
            Assert.Equal(key.Id, f.Header!.Envelope.KeyId);
            Assert.Equal(notAfter, f.Header.Binding.NotAfter);
            Assert.Equal(f.Header.SealedLength, (Int128)f.FileLength);
            Assert.Null(f.Problem);
        });
        var pb = sealedFiles.Single(f => f.File.RelativePath == "saved_model.pb" && f.File.VersionDirectory.EndsWith("00000002", StringComparison.Ordinal));
        Assert.Equal(800, pb.Header!.Binding.PlaintextLength);
        Assert.Equal(SealedFileKind.Plain, files.Single(f => f.File.RelativePath == "README.txt").Kind);
    }

    [Fact]
    public void Inspect_OneFile_Works()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, null);

        var file = Assert.Single(inspector.Inspect(Path.Combine(folder.BasePath, "1", "variables", "variables.index")));

        Assert.Equal("variables/variables.index", file.File.RelativePath);
        Assert.Equal(key.Id, file.Header!.Envelope.KeyId);
        Assert.Null(file.Problem);
    }

    [Fact]
    public void Inspect_MovedExpiredTruncated_ReportsWhatTheServerWouldRefuse()
    {
        new ModelSealer(key).Seal(folder.BasePath, null, Now.AddSeconds(-1));
        var version = Path.Combine(folder.BasePath, "1");
        File.Move(Path.Combine(version, "saved_model.pb"), Path.Combine(version, "renamed.pb"));
        var truncated = Path.Combine(folder.BasePath, "00000002", "saved_model.pb");
        File.WriteAllBytes(truncated, File.ReadAllBytes(truncated)[..^3]);

        var files = inspector.Inspect(folder.BasePath).ToDictionary(f => f.File.FullPath);

        Assert.Equal("moved: sealed for 'my_model/1/saved_model.pb'; expired", files[Path.Combine(version, "renamed.pb")].Problem);
        Assert.Equal("expired", files[Path.Combine(version, "assets", "vocab.txt")].Problem);
        Assert.Equal("expired; truncated: 3 byte(s) missing", files[truncated].Problem);
    }

    [Fact]
    public void Inspect_UnreadableHeader_ReportsTheReasonWithoutThePath()
    {
        var path = Path.Combine(folder.BasePath, "1", "saved_model.pb");
        File.WriteAllBytes(path, [.. SealedFormat.Magic, 9, 0, 0, 0, 0, 0]);

        var file = Assert.Single(inspector.Inspect(path));

        Assert.Equal(SealedFileKind.Sealed, file.Kind);
        Assert.Equal("sealed-file format version 9 is not supported (this build reads version 1)", file.Problem);
    }

    [Fact]
    public void Inspect_PlaintextLengthAtTheMaximum_ReportsTheExactMissingBytes()
    {
        var path = Path.Combine(folder.BasePath, "1", "saved_model.pb");
        var binding = new SealedFileBinding(SealedFormat.DefaultChunkSize, long.MaxValue, null, "my_model/1/saved_model.pb");
        File.WriteAllBytes(path, new SealedFileHeader(KeyEnvelope.Wrap(key, new byte[SealedFormat.DataKeySize], binding.Hash()), binding).Encode());

        var file = Assert.Single(inspector.Inspect(path));

        // 2^63 - 1 bytes of data and 2^43 chunk tags of 16 bytes are missing; the header itself is there.
        Assert.Equal("truncated: 9223512774343131135 byte(s) missing", file.Problem);
    }

    public void Dispose()
    {
        key.Dispose();
        folder.Dispose();
    }
}
