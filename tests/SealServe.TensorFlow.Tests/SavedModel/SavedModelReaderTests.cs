using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TestKit;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class SavedModelReaderTests
{
    [Fact]
    public void Read_HalfPlusTwo_ServeMetaGraphWithEverySignatureAndAssets()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwo), SavedModelReader.DefaultTags, "dir");

        Assert.Equal(
            ["classify_x_to_y", "regress_x2_to_y3", "regress_x_to_y", "regress_x_to_y2", "serving_default"],
            bundle.Signatures.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["assets/foo.txt"], bundle.Assets);
    }

    [Fact]
    public void Read_Tf2Model_KeepsTheInitOpSignatureAsTfServingListsIt()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwoTf2), SavedModelReader.DefaultTags, "dir");

        var init = bundle.Signatures[SignatureDefs.InitOpKey];
        Assert.Empty(init.Inputs);
        Assert.Equal(string.Empty, init.MethodName);
        Assert.Equal(DataType.Invalid, init.Outputs[SignatureDefs.InitOpKey].DataType);
        Assert.True(init.Outputs[SignatureDefs.InitOpKey].Shape!.UnknownRank);
    }

    [Fact]
    public void Read_CounterSignature_KeepsRefDtype()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.Counter), SavedModelReader.DefaultTags, "dir");

        Assert.Equal("DT_FLOAT_REF", DataTypes.TfName(bundle.Signatures["get_counter"].Outputs["output"].DataType));
    }

    [Fact]
    public void Read_TruncatedSavedModelPb_FailsWithDataLoss()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        files[SavedModelReader.FileName] = files[SavedModelReader.FileName][..1000];

        var error = Assert.Throws<ServingException>(() => SavedModelReader.Read(files, SavedModelReader.DefaultTags, "dir"));

        Assert.Equal(StatusCode.DataLoss, error.Code);
        Assert.StartsWith("saved_model.pb is not a valid SavedModel (truncated or corrupt)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_NoSavedModelPb_FailsWithTfServingsNotFoundText()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        files.Remove(SavedModelReader.FileName);

        var error = Assert.Throws<ServingException>(() => SavedModelReader.Read(files, SavedModelReader.DefaultTags, "/models/x/1"));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Equal(
            "Specified file path does not appear to contain a SavedModel bundle (should have a file called `saved_model.pb`)\nSpecified file path: /models/x/1",
            error.Message);
    }

    [Fact]
    public void Read_SessionBundleExport_IsUnimplemented()
    {
        var files = MemorySavedModelFiles.From(TfCorpus.HalfPlusTwo);
        files.Remove(SavedModelReader.FileName);
        files[SavedModelReader.SessionBundleFileName] = [1];

        var error = Assert.Throws<ServingException>(() => SavedModelReader.Read(files, SavedModelReader.DefaultTags, "dir"));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Equal("Session Bundle is deprecated and removed.", error.Message);
    }

    [Fact]
    public void Read_TagsNoMetaGraphHas_FailsListingTheTagSets()
    {
        var error = Assert.Throws<ServingException>(() => SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwo), ["serve", "gpu"], "dir"));

        Assert.Equal(StatusCode.NotFound, error.Code);
        Assert.Contains("Could not find meta graph def matching supplied tags: { gpu serve }", error.Message, StringComparison.Ordinal);
        Assert.Contains("{ serve }", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TransformTag_SelectsThatMetaGraph()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.Tf("tensorflow__tfx__tft_transform_fn")), ["transform"], "dir");

        Assert.Contains("transform_signature", bundle.Signatures.Keys);
    }

    [Fact]
    public void Resolve_GraphOnlyModelWithoutVariablesFolder_FailsNamingTheVariable()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.Tf("SciSharp__TensorFlow.NET__example1_GRAPHONLY")), SavedModelReader.DefaultTags, "dir");
        var variable = bundle.MetaGraph.GraphDef.Node.First(n => n.Op is "VariableV2" or "VarHandleOp");

        var error = Assert.Throws<ServingException>(() => bundle.Variables.Resolve(variable));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Contains($"Variable '{variable.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("has no variables/variables.index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_ThroughTheCorpusFolder_ReadsEveryTensorFlowSavedModel()
    {
        var folders = Directory.EnumerateFiles(Corpus.Require("tf"), SavedModelReader.FileName, SearchOption.AllDirectories).Select(Path.GetDirectoryName)
            .Where(f => !f!.Contains("KaissonFerreira", StringComparison.Ordinal)) // index without data: covered by the bundle reader tests
            .ToArray();

        foreach (var folder in folders)
        {
            var tags = folder!.Contains("tft_transform_fn", StringComparison.Ordinal) ? ["transform"] : SavedModelReader.DefaultTags;
            using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(folder), tags, folder);
            Assert.NotEmpty(bundle.Signatures);
        }

        Assert.True(folders.Length >= 15);
    }
}
