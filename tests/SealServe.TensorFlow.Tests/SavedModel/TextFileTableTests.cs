using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>tf.lookup.TextFileInitializer's semantics: WHOLE_LINE (-2), LINE_NUMBER (-1), columns, vocab_size, offset.</summary>
public sealed class TextFileTableTests
{
    [Fact]
    public void Read_WholeLineToLineNumber_IsAVocabulary()
    {
        var table = TextFileTable.Read(Bytes("Cash\r\nCredit Card\nNo Charge"), "vocab", Columns(TextFileTable.WholeLine, TextFileTable.LineNumber), DataType.String, DataType.Int64);

        Assert.Equal(["Cash", "Credit Card", "No Charge"], table.Keys.Strings.Select(k => Encoding.UTF8.GetString(k)));
        Assert.Equal([0L, 1, 2], table.Values.AsSpan<long>().ToArray());
    }

    [Fact]
    public void Read_ColumnsWithDelimiterAndOffset_SplitsEachLine()
    {
        var table = TextFileTable.Read(Bytes("7,seven\n9,nine\n"), "pairs", Columns(1, 0, delimiter: ","), DataType.String, DataType.Int64);
        var numbered = TextFileTable.Read(Bytes("a\nb\n"), "letters", Columns(TextFileTable.LineNumber, TextFileTable.WholeLine, offset: 10), DataType.Int64, DataType.String);

        Assert.Equal([7L, 9], table.Values.AsSpan<long>().ToArray());
        Assert.Equal([10L, 11], numbered.Keys.AsSpan<long>().ToArray());
    }

    [Fact]
    public void Read_VocabSize_ReadsThatManyLinesAndNoFewer()
    {
        var table = TextFileTable.Read(Bytes("a\nb\nc\n"), "vocab", Columns(TextFileTable.WholeLine, TextFileTable.LineNumber, vocabSize: 2), DataType.String, DataType.Int64);
        var error = Assert.Throws<ServingException>(() => TextFileTable.Read(Bytes("a\n"), "vocab", Columns(TextFileTable.WholeLine, TextFileTable.LineNumber, vocabSize: 3), DataType.String, DataType.Int64));

        Assert.Equal(2, table.Count);
        Assert.Equal("Invalid vocab_size in vocab: expected 3 but got 1.", error.Message);
    }

    [Fact]
    public void Read_EmptyLine_FailsAsTensorFlowDoes()
    {
        var error = Assert.Throws<ServingException>(() => TextFileTable.Read(Bytes("a\n\nb\n"), "vocab", Columns(TextFileTable.WholeLine, TextFileTable.LineNumber), DataType.String, DataType.Int64));

        Assert.Equal("Invalid content in vocab: empty line found at position 1.", error.Message);
    }

    [Fact]
    public void Read_SameKeyTwice_FailsWithTheHashTableText()
    {
        var error = Assert.Throws<ServingException>(() => TextFileTable.Read(Bytes("a\nb\na\n"), "vocab", Columns(TextFileTable.WholeLine, TextFileTable.LineNumber), DataType.String, DataType.Int64));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("HashTable has different value for same key. Key a has 0 and trying to add value 2", error.Message);
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static TextFileColumns Columns(long key, long value, long vocabSize = -1, string delimiter = "\t", long offset = 0) =>
        new(key, value, vocabSize, Encoding.UTF8.GetBytes(delimiter), offset);
}
