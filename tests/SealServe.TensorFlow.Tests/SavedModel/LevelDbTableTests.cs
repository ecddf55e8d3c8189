using SealServe.Core.Errors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class LevelDbTableTests
{
    private static readonly (string, byte[])[] Entries = [("", [1, 2]), ("a", [3]), ("ab", [4, 5, 6]), ("b", [])];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ReadAll_PlainOrSnappyBlocks_ReturnsEveryEntryInOrder(bool snappy)
    {
        var table = LevelDbTableBuilder.Build(Entries, snappy);

        var entries = LevelDbTable.ReadAll(table, "t.index");

        Assert.Equal(["", "a", "ab", "b"], entries.Select(e => e.Key));
        Assert.Equal([4, 5, 6], entries[2].Value);
    }

    [Fact]
    public void ReadAll_FlippedByteInBlock_FailsWithChecksumMismatch()
    {
        var table = LevelDbTableBuilder.Build(Entries, snappy: true);
        table[2] ^= 0x40;

        var error = Assert.Throws<ServingException>(() => LevelDbTable.ReadAll(table, "t.index"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Contains("t.index is corrupt: checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_Truncated_FailsNamingTheMissingMagic()
    {
        var table = LevelDbTableBuilder.Build(Entries, snappy: false);

        var error = Assert.Throws<ServingException>(() => LevelDbTable.ReadAll(table.AsSpan(0, table.Length - 3), "t.index"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Contains("no table magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadAll_ShorterThanFooter_FailsClearly()
    {
        var error = Assert.Throws<ServingException>(() => LevelDbTable.ReadAll(new byte[10], "t.index"));

        Assert.Contains("only 10 bytes", error.Message, StringComparison.Ordinal);
    }
}
