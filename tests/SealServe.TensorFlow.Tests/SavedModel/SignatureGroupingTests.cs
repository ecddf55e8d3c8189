using SealServe.TensorFlow.SavedModel;

namespace SealServe.TensorFlow.Tests.SavedModel;

public sealed class SignatureGroupingTests
{
    [Fact]
    public void Group_HalfPlusTwo_OneModelPerInputTensorSet()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwo), SavedModelReader.DefaultTags, "dir");

        var groups = SignatureGrouping.Group(bundle.MetaGraph).ToDictionary(g => string.Join(",", g.Inputs.Select(i => i.TensorName)));

        Assert.Equal(["serving_default"], groups["x:0"].SignatureKeys);
        Assert.Equal(["regress_x2_to_y3"], groups["x2:0"].SignatureKeys);
        Assert.Equal(["classify_x_to_y", "regress_x_to_y", "regress_x_to_y2"], groups["tf_example:0"].SignatureKeys);
        Assert.Equal(["y:0", "y2:0"], groups["tf_example:0"].Outputs);
    }

    [Fact]
    public void Group_Tf2Model_LeavesOutTheInitOp()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(TfCorpus.HalfPlusTwoTf2), SavedModelReader.DefaultTags, "dir");

        var keys = SignatureGrouping.Group(bundle.MetaGraph).SelectMany(g => g.SignatureKeys).ToArray();

        Assert.DoesNotContain(SignatureDefs.InitOpKey, keys);
        Assert.Contains("serving_default", keys);
    }

    [Fact]
    public void Group_HalfPlusThreeRegress_TakesTheInputTypeFromThePlaceholderNotTheWrongSignature()
    {
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(SealServe.TestKit.Corpus.Require("tfserving/saved_model_half_plus_three/00000123")), SavedModelReader.DefaultTags, "dir");

        var regress = SignatureGrouping.Group(bundle.MetaGraph).Single(g => g.SignatureKeys.Contains("tensorflow/serving/regress"));

        Assert.Equal(Core.Tensors.DataType.String, regress.Inputs.Single().DataType);
    }
}
