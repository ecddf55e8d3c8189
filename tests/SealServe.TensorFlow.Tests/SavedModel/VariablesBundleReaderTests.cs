using SealServe.Core.Errors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class VariablesBundleReaderTests
{
    [Fact]
    public void Read_HalfPlusTwo_GivesTheVariablesOfY()
    {
        using var reader = VariablesBundleReader.Open(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwo))!;

        Assert.Equal(0.5f, Scalar(reader, "a"));
        Assert.Equal(2f, Scalar(reader, "b"));
        Assert.Equal(3f, Scalar(reader, "c"));
    }

    [Fact]
    public void Open_HalfPlusTwoIndex_HasSnappyCompressedBlocks()
    {
        var index = File.ReadAllBytes(Path.Combine(TfCorpus.HalfPlusTwo, VariablesBundleReader.IndexPath));

        var entries = LevelDbTable.ReadAll(index, "variables.index", out var compressedBlocks);

        Assert.True(compressedBlocks > 0);
        Assert.Contains(entries, e => e.Key == "a");
    }

    [Fact]
    public void Read_MnistLr_WeightsAndBiasAreAllPointOne()
    {
        using var reader = VariablesBundleReader.Open(new DirectorySavedModelFiles(TfCorpus.Tf("dotnet__machinelearning-testdata__mnist_lr_model")))!;

        var w = reader.Read("W");
        var b = reader.Read("b");

        Assert.Equal([784L, 10L], w.Shape.ToArray());
        Assert.All(w.AsSpan<float>().ToArray(), v => Assert.Equal(0.1f, v));
        Assert.All(b.AsSpan<float>().ToArray(), v => Assert.Equal(0.1f, v));
    }

    [Theory]
    [MemberData(nameof(TfCorpus.SavedModelsWithVariables), MemberType = typeof(TfCorpus))]
    public void Read_EveryCorpusCheckpoint_EveryEntryPassesItsChecksum(string versionFolder)
    {
        using var reader = VariablesBundleReader.Open(new DirectorySavedModelFiles(Corpus.Require(versionFolder)))!;

        foreach (var key in reader.Keys)
        {
            using var tensor = reader.Read(key);
            Assert.True(tensor.Shape.ElementCount >= 0);
        }
    }

    [Fact]
    public void Read_FlippedByteInDataShard_FailsWithChecksumMismatchNamingVariable()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        const string shard = "variables/variables.data-00000-of-00001";
        using (var clean = VariablesBundleReader.Open(files)!)
        {
            _ = clean.Read("a");
        }

        var bytes = files[shard];
        Array.Fill(bytes, (byte)0x5a);
        using var reader = VariablesBundleReader.Open(files)!;

        var error = Assert.Throws<ServingException>(() => reader.Read("a"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.Contains($"{shard} is corrupt: checksum mismatch for variable 'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_BadIndexChecksum_FailsWithDataLossNamingTheIndex()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        files[VariablesBundleReader.IndexPath][3] ^= 0x01;

        var error = Assert.Throws<ServingException>(() => VariablesBundleReader.Open(files));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.StartsWith("variables/variables.index is corrupt: checksum mismatch", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingDataShard_FailsWithNotFoundNamingTheShard()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        files.Remove("variables/variables.data-00000-of-00001");

        var error = Assert.Throws<ServingException>(() => VariablesBundleReader.Open(files));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Contains("Data shard variables/variables.data-00000-of-00001 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_GraphOnlyModelWithIndexButNoData_FailsNamingTheShard()
    {
        var files = new DirectorySavedModelFiles(TfCorpus.Tf("KaissonFerreira__text_classifier__embedding_GRAPHONLY"));

        var error = Assert.Throws<ServingException>(() => VariablesBundleReader.Open(files));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Contains("variables/variables.data-00000-of-00001 is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NoIndex_ReturnsNull()
    {
        var files = new DirectorySavedModelFiles(Corpus.Require("tfserving/matrix_half_plus_two/1"));

        Assert.Null(VariablesBundleReader.Open(files));
    }

    [Fact]
    public void Dispose_ZeroesTheShardBytesTheTensorsPointInto()
    {
        var reader = VariablesBundleReader.Open(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwo))!;
        var a = reader.Read("a");

        reader.Dispose();

        Assert.Equal(0f, a.AsSpan<float>()[0]);
    }

    private static float Scalar(VariablesBundleReader reader, string key)
    {
        using var tensor = reader.Read(key);
        Assert.Equal(0, tensor.Shape.Rank);
        return tensor.AsSpan<float>()[0];
    }
}
