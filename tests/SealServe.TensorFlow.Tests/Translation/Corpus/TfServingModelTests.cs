using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Kernels.Parsing;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>TensorFlow Serving's own test models (corpus/tfserving), translated and run.</summary>
public sealed class TfServingModelTests
{
    private const string HalfPlusTwo = "tfserving/saved_model_half_plus_two_cpu/00000123/saved_model.pb";
    private static readonly float[] X = [1, 2, 5];

    [Fact]
    public void Translate_HalfPlusTwoTf1ServingDefault_CutsAtIdentityInputAndComputesHalfPlusTwo()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph(HalfPlusTwo), "serving_default", CorpusGraphs.Scalars(("a", 0.5f), ("b", 2f)));

        var model = GraphTranslator.Translate(request);
        var y = OnnxRun.Run(model, [Feed("x:0", X, 3, 1)], "y:0")["y:0"];

        Assert.Equal(["x:0"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal([3, 1], y.Shape);
        Assert.Equal([2.5f, 3f, 4.5f], y.As<float>());
    }

    [Fact]
    public void Translate_HalfPlusTwoTf1RegressX2ToY3_UsesSecondVariablePair()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph(HalfPlusTwo), "regress_x2_to_y3", CorpusGraphs.Scalars(("a2", 0.5f), ("c2", 3f)));

        var y3 = OnnxRun.Run(GraphTranslator.Translate(request), [Feed("x2:0", X, 3, 1)], "y3:0")["y3:0"];

        Assert.Equal([3.5f, 4f, 5.5f], y3.As<float>());
    }

    [Fact]
    public void Plan_HalfPlusTwoTf1Classify_ParsesExamplesThenComputesHalfPlusTwo()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph(HalfPlusTwo), "classify_x_to_y", CorpusGraphs.Scalars(("a", 0.5f), ("b", 2f)));
        byte[][] examples = [.. X.Select(x => ParseExampleGraph.Example(("x", ParseExampleGraph.Floats(x))).ToByteArray())];

        var plan = GraphTranslator.Plan(request);
        var y = PlanRun.Run(plan, ("tf_example:0", Tensor.CreateStrings(new TensorShape(3), examples)))["y:0"];

        Assert.Equal(["ParseExample"], plan.Kernels.Select(k => k.Op));
        Assert.Equal(new TensorShape(3, 1), y.Shape);
        Assert.Equal([2.5f, 3f, 4.5f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Translate_HalfPlusTwoTf1Classify_SaysOneOnnxModelCannotHoldTheParsing()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph(HalfPlusTwo), "classify_x_to_y", CorpusGraphs.Scalars(("a", 0.5f), ("b", 2f)));

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Translate(request));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Contains("ParseExample (first node 'ParseExample/ParseExample')", error.Message, StringComparison.Ordinal);
        Assert.Contains("'classify_x_to_y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_HalfPlusTwoTf2ServingDefault_InlinesFunctionsAndReadsVarHandles()
    {
        var metaGraph = CorpusGraphs.MetaGraph("tfserving/saved_model_half_plus_two_tf2_cpu/00000123/saved_model.pb");
        var request = CorpusGraphs.Request(metaGraph, "serving_default", CorpusGraphs.Scalars(("a", 0.5f), ("b", 2f)));

        var model = GraphTranslator.Translate(request);
        var y = OnnxRun.Run(model, [Feed("serving_default_x:0", new[] { 4f }, 1)], "StatefulPartitionedCall_5:0")["StatefulPartitionedCall_5:0"];

        Assert.Equal([4f], y.As<float>());
    }

    [Fact]
    public void Translate_HalfPlusThree_ComputesHalfPlusThree()
    {
        var metaGraph = CorpusGraphs.MetaGraph("tfserving/saved_model_half_plus_three/00000123/saved_model.pb");
        var request = CorpusGraphs.Request(metaGraph, "serving_default", CorpusGraphs.Scalars(("a", 0.5f), ("b", 3f)));

        var y = OnnxRun.Run(GraphTranslator.Translate(request), [Feed("x:0", X, 3)], "y:0")["y:0"];

        Assert.Equal([3.5f, 4f, 5.5f], y.As<float>());
    }

    [Fact]
    public void Translate_MatrixHalfPlusTwo_ConstantsOnly()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tfserving/matrix_half_plus_two/1/saved_model.pb"), "serving_default");
        var x = Enumerable.Range(0, 9).Select(i => (float)i).ToArray();

        var y = OnnxRun.Run(GraphTranslator.Translate(request), [Feed("x:0", x, 1, 3, 3)], "y:0")["y:0"];

        Assert.Equal([1, 3, 3], y.Shape);
        Assert.Equal(x.Select(v => (0.5f * v) + 2), y.As<float>());
    }
}
