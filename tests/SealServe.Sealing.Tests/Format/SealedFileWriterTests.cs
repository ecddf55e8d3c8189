using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;
using static SealServe.Sealing.Tests.TestSealing;

namespace SealServe.Sealing.Tests.Format;

public sealed class SealedFileWriterTests
{
    [Fact]
    public void Write_SourceShorterThanStated_Throws()
    {
        using var key = KeyEncryptionKey.Generate();

        var error = Assert.Throws<IOException>(() => SealedFileWriter.Write(new MemoryStream(Bytes(100)), 200, new MemoryStream(), key, new SealParameters(BoundPath, null, ChunkSize)));

        Assert.Contains("changed while being sealed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_SourceLongerThanStated_Throws()
    {
        using var key = KeyEncryptionKey.Generate();

        var error = Assert.Throws<IOException>(() => SealedFileWriter.Write(new MemoryStream(Bytes(100)), 50, new MemoryStream(), key, new SealParameters(BoundPath, null, ChunkSize)));

        Assert.Contains("changed while being sealed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_ReportsProgressAfterEachChunk()
    {
        using var key = KeyEncryptionKey.Generate();
        var progress = new List<long>();

        SealedFileWriter.Write(new MemoryStream(Bytes(150)), 150, new MemoryStream(), key, new SealParameters(BoundPath, null, ChunkSize), progress.Add);

        Assert.Equal([64L, 128, 150], progress);
    }
}
