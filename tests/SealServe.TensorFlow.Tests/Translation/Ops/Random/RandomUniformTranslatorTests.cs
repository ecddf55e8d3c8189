using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Random;

public sealed class RandomUniformTranslatorTests
{
    [Fact]
    public void Translate_RandomUniform_ShapeFromInputValuesInUnitInterval()
    {
        var graph = new TfGraphBuilder();
        graph.Op("RandomUniform", "r", [graph.Const("shape", [2, 3], 2)], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)), ("T", TfGraphBuilder.TypeAttr(DataType.Int32)));

        var r = OnnxRun.Run(TranslationHarness.Translate(graph, "r:0"), [], "r:0")["r:0"];

        Assert.Equal([2, 3], r.Shape);
        Assert.All(r.As<float>(), v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Translate_DropoutWithKeepProbOne_KeepsEveryValue()
    {
        // TF1 dropout: x / keep_prob * floor(keep_prob + uniform(shape(x))).
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 4);
        var keep = graph.Scalar("keep_prob", 1f);
        var noise = graph.Op("RandomUniform", "noise", [graph.OpT("Shape", "shape", DataType.Float, [x])], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        var mask = graph.OpT("Floor", "mask", DataType.Float, [graph.OpT("Add", "sum", DataType.Float, [keep, noise])]);
        graph.OpT("Mul", "y", DataType.Float, [graph.OpT("RealDiv", "scaled", DataType.Float, [x, keep]), mask]);

        var y = TranslationHarness.RunOne(graph, [OnnxRun.Feed("x:0", new[] { 1f, 2, 3, 4 }, 4)], "y:0");

        Assert.Equal([1f, 2, 3, 4], y.As<float>());
    }
}
