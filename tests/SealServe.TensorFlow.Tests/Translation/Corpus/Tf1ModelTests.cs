using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>TF1 SavedModels (VariableV2, Identity reads) from the corpus, with the reference values INVENTORY.md gives.</summary>
public sealed class Tf1ModelTests
{
    [Fact]
    public void Translate_MnistLogisticRegression_UniformWeightsGiveOneTenthPerClass()
    {
        var metaGraph = CorpusGraphs.MetaGraph("tf/dotnet__machinelearning-testdata__mnist_lr_model/1/saved_model.pb");
        var variables = new ZeroVariables(new Dictionary<string, Tensor>
        {
            ["W"] = Tensor.FromValues(new TensorShape(784, 10), [.. Enumerable.Repeat(0.1f, 7840)]),
            ["b"] = Tensor.FromValues(new TensorShape(10), [.. Enumerable.Repeat(0.1f, 10)]),
        });
        var x = Enumerable.Range(0, 2 * 784).Select(i => i / 1568f).ToArray();

        var y = Run(GraphTranslator.Translate(CorpusGraphs.Request(metaGraph, "serving_default", variables)), [Feed("Features:0", x, 2, 784)], "Prediction:0")["Prediction:0"];

        Assert.Equal([2, 10], y.Shape);
        TranslationHarness.Close(Enumerable.Repeat(0.1f, 20), y);
    }

    [Fact]
    public void Translate_BatchMatMul_IsABatchedMatrixProduct()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/dotnet__machinelearning-testdata__model_matmul/1/saved_model.pb"), "serving_default");

        var c = Run(GraphTranslator.Translate(request), [Feed("a:0", new[] { 1f, 2, 3, 4 }, 1, 2, 2), Feed("b:0", new[] { 5f, 6, 7, 8 }, 1, 2, 2)], "c:0")["c:0"];

        Assert.Equal([19f, 22, 43, 50], c.As<float>());
    }

    [Fact]
    public void Translate_ShapeTest_IdentitiesAndReshapeKeepValues()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/dotnet__machinelearning-testdata__model_shape_test/1/saved_model.pb"), "serving_default");
        var model = GraphTranslator.Translate(request);

        var y = Run(model, [Feed("OneDim:0", new[] { 1f, 2, 3 }, 3), Feed("TwoDim:0", new[] { 1f, 2, 3, 4 }, 2, 2), Feed("ThreeDim:0", new float[4], 1, 2, 2), Feed("FourDim:0", new float[6], 1, 1, 2, 3), Feed("FourDimKnown:0", new float[16], 2, 2, 2, 2)], "o_OneDim:0", "o_TwoDim:0");

        Assert.Equal([1, 3], y["o_OneDim:0"].Shape);
        Assert.Equal([1f, 2, 3], y["o_OneDim:0"].As<float>());
        Assert.Equal([1f, 2, 3, 4], y["o_TwoDim:0"].As<float>());
    }

    [Fact]
    public void Translate_TypesTest_EveryTypeComesBackUnchanged()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/dotnet__machinelearning-testdata__model_types_test/1/saved_model.pb"), "serving_default");

        var y = Run(
            GraphTranslator.Translate(request),
            [Feed("b:0", new[] { true, false }, 1, 2), Feed("f32:0", new[] { 1.5f, 2 }, 1, 2), Feed("f64:0", new[] { 2.5, 3 }, 1, 2), Feed("i16:0", new short[] { -3, 4 }, 1, 2), Feed("i32:0", new[] { -5, 6 }, 1, 2), Feed("i64:0", new[] { -7L, 8 }, 1, 2), Feed("i8:0", new sbyte[] { -9, 10 }, 1, 2), Feed("u64:0", new ulong[] { 11, 12 }, 1, 2)],
            "o_b:0",
            "o_f64:0",
            "o_i8:0",
            "o_u64:0");

        Assert.Equal([true, false], y["o_b:0"].As<bool>());
        Assert.Equal([2.5, 3], y["o_f64:0"].As<double>());
        Assert.Equal([(sbyte)-9, (sbyte)10], y["o_i8:0"].As<sbyte>());
        Assert.Equal([11UL, 12UL], y["o_u64:0"].As<ulong>());
    }

    [Fact]
    public void Translate_MnistConvWithDropout_RunsAndKeepsProbabilitiesNormalized()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/dotnet__machinelearning-testdata__mnist_conv_model/1/saved_model.pb"), "serving_default", new SeededVariables());
        var x = Enumerable.Range(0, 2 * 784).Select(i => (i % 17) / 17f).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("Features:0", x, 2, 28, 28, 1)], "Prediction:0")["Prediction:0"];

        Assert.Equal([2, 10], y.Shape);
        Assert.Equal(1f, y.As<float>().Take(10).Sum(), 4);
    }

    [Fact]
    public void Translate_RegressionSavedModel_IsWTimesXPlusB()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/onnx__tensorflow-onnx__regression_savedmodel/1/saved_model.pb"), "serving_default", CorpusGraphs.Scalars(("W", 0.5f), ("b", 2f)));

        var y = Run(GraphTranslator.Translate(request), [Feed("X:0", new[] { 1f, 2, 3 }, 3)], "pred:0")["pred:0"];

        Assert.Equal([2.5f, 3, 3.5f], y.As<float>());
    }

    [Fact]
    public void Translate_Conv1DGraphOnly_TranslatesWithMadeUpVariables()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/SciSharp__TensorFlow.NET__example1_GRAPHONLY/1/saved_model.pb"), "serving_default", new SeededVariables());
        var x = Enumerable.Range(0, 2 * 96).Select(i => (i % 5) / 5f).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("fuel:0", x, 2, 96), Feed("sp:0", x, 2, 96)], "softmax_tensor:0", "ArgMax:0");

        Assert.Equal([2, 2], y["softmax_tensor:0"].Shape);
        Assert.Equal([2], y["ArgMax:0"].Shape);
    }
}
