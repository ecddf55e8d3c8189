using System.Text;
using SealServe.Core.Errors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>Tables filled at load as the SavedModel's init op would fill them.</summary>
public sealed class TableInitializersTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("sealserve-tables-").FullName;

    [Fact]
    public void Resolve_TextFileFromAssets_ReadsTheVocabularyNamedByTheAssetCollection()
    {
        TestSavedModels.WriteVocabularyLookup(folder, "a", "b", "c");
        using var bundle = SavedModelReader.Read(MemorySavedModelFiles.From(folder), SavedModelReader.DefaultTags, folder);

        var contents = bundle.Tables.Resolve(bundle.MetaGraph.GraphDef.Node.Single(n => n.Name == "table"));

        Assert.Equal(["a", "b", "c"], contents.Keys.Strings.Select(k => Encoding.UTF8.GetString(k)));
        Assert.Equal([0L, 1, 2], contents.Values.AsSpan<long>().ToArray());
    }

    /// <summary>
    /// A TF2 tf.Transform export keeps each vocabulary's path in a string variable: the init op assigns it the asset
    /// tensor (<c>AssignVariableOp(Variable_3, asset_path_initializer_3)</c>) and passes <c>ReadVariableOp(Variable_3)</c> to
    /// the initializer function, so the read stands for the asset.
    /// </summary>
    [Fact]
    public void Resolve_Tf2AssetPathKeptInAVariable_ReadsTheAssetTheVariableIsAssigned()
    {
        var version = Corpus.Require("tf/tensorflow__tfx__tft_tf2_transform/1");
        using var bundle = SavedModelReader.Read(MemorySavedModelFiles.From(version), SavedModelReader.DefaultTags, version);

        var contents = bundle.Tables.Resolve(bundle.MetaGraph.GraphDef.Node.Single(n => n.Name == "hash_table_3"));

        var companies = File.ReadAllLines(Path.Combine(version, "assets", "vocab_compute_and_apply_vocabulary_1_vocabulary"));
        Assert.Equal(companies, contents.Keys.Strings.Select(k => Encoding.UTF8.GetString(k)));
        Assert.Equal(Enumerable.Range(0, companies.Length).Select(i => (long)i), contents.Values.AsSpan<long>().ToArray());
    }

    [Fact]
    public void Resolve_VocabularyMissingFromAssets_FailsNamingTheTableAndPath()
    {
        TestSavedModels.WriteVocabularyLookup(folder, "a");
        var files = MemorySavedModelFiles.From(folder);
        files.Remove("assets/vocab.txt");
        using var bundle = SavedModelReader.Read(files, SavedModelReader.DefaultTags, folder);

        var error = Assert.Throws<ServingException>(() => bundle.Tables.Resolve(bundle.MetaGraph.GraphDef.Node.Single(n => n.Name == "table")));

        Assert.Equal("Lookup table 'table' is filled from 'assets/vocab.txt', which is not a file of the SavedModel's assets/ folder.", error.Message);
    }

    [Fact]
    public void Resolve_TableNoInitOpFills_FailsAsNotInitialized()
    {
        TestSavedModels.WriteVocabularyLookup(folder, "a");
        using var bundle = SavedModelReader.Read(MemorySavedModelFiles.From(folder), SavedModelReader.DefaultTags, folder);
        bundle.MetaGraph.CollectionDef.Remove("saved_model_main_op");

        var error = Assert.Throws<ServingException>(() => bundle.Tables.Resolve(bundle.MetaGraph.GraphDef.Node.Single(n => n.Name == "table")));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Equal("Lookup table 'table' (HashTableV2) is not initialized by the SavedModel's init op.", error.Message);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
