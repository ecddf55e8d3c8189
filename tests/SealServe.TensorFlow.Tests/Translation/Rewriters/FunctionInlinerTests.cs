using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Rewriters;

public sealed class FunctionInlinerTests
{
    [Fact]
    public void Translate_NestedCalls_InlinesEveryLevel()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        graph.Function("inner", [("a", DataType.Float)], [("out", DataType.Float)], [Node("Neg", "neg", ["a"], ("T", TypeAttr(DataType.Float)))], ("out", "neg:y:0"));
        graph.Function(
            "outer",
            [("b", DataType.Float)],
            [("out", DataType.Float)],
            [
                Node("PartitionedCall", "call", ["b"], ("f", Func("inner"))),
                Node("Mul", "twice", ["call:output:0", "b"], ("T", TypeAttr(DataType.Float))),
            ],
            ("out", "twice:z:0"));
        graph.Op("StatefulPartitionedCall", "y", [x], ("f", Func("outer")));

        var model = TranslationHarness.Translate(graph, "y:0");
        var y = Run(model, [Feed("x:0", new[] { 2f, 3f }, 2)], "y:0")["y:0"];

        Assert.Equal([-4f, -9f], y.As<float>());
        Assert.Contains(model.Graph.Node, n => n.Name.StartsWith("y/call/neg", StringComparison.Ordinal));
    }

    [Fact]
    public void Translate_ReferenceToASecondOutputArg_MapsToItsFlatIndex()
    {
        // TopKV2's outputs are values (0) and indices (1); the function returns "top:indices:0".
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 3);
        graph.Function(
            "argmax",
            [("v", DataType.Float)],
            [("index", DataType.Int32)],
            [
                Node("Const", "k", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(SealServe.TensorFlow.Translation.TensorValue.Scalar(1)) })),
                Node("TopKV2", "top", ["v", "k:output:0"], ("T", TypeAttr(DataType.Float))),
            ],
            ("index", "top:indices:0"));
        graph.Op("PartitionedCall", "y", [x], ("f", Func("argmax")));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 5f, 2f }, 3)], "y:0");

        Assert.Equal([1], y.As<int>());
    }

    [Fact]
    public void Translate_LibraryFunctionUsedAsAnOp_IsInlined()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Function("negate", [("a", DataType.Float)], [("out", DataType.Float)], [Node("Neg", "neg", ["a"], ("T", TypeAttr(DataType.Float)))], ("out", "neg:y:0"));
        graph.Op("negate", "y", [x]);

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 4f }, 1)], "y:0");

        Assert.Equal([-4f], y.As<float>());
    }

    [Fact]
    public void Translate_AttributePlaceholderInTheBody_TakesTheCallersValue()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Function("cast", [("a", DataType.Float)], [("out", DataType.Int32)], [Node("Cast", "cast", ["a"], ("DstT", new Tensorflow.AttrValue { Placeholder = "To" }))], ("out", "cast:y:0"));
        var call = new Tensorflow.NameAttrList { Name = "cast" };
        call.Attr["To"] = TypeAttr(DataType.Int32);
        graph.Op("PartitionedCall", "y", [x], ("f", new Tensorflow.AttrValue { Func = call }));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 2.7f }, 1)], "y:0");

        Assert.Equal([2], y.As<int>());
    }

    [Fact]
    public void Translate_ControlOutputsOfTheFunction_AreDropped()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Function(
            "logged",
            [("a", DataType.Float)],
            [("out", DataType.Float)],
            [
                Node("PrintV2", "print", ["a"]),
                Node("Identity", "id", ["a", "^print"], ("T", TypeAttr(DataType.Float))),
            ],
            ("out", "id:output:0"));
        graph.Op("StatefulPartitionedCall", "y", [x], ("f", Func("logged")));

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 4f }, 1)], "y:0");

        Assert.Equal([4f], y.As<float>());
    }

    [Fact]
    public void Translate_CallToAMissingFunction_FailsNamingIt()
    {
        var graph = new TfGraphBuilder();
        graph.Op("StatefulPartitionedCall", "y", [graph.Placeholder("x", DataType.Float, 1)], ("f", Func("nowhere")));

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "y:0"));

        Assert.Contains("'nowhere'", error.Message, StringComparison.Ordinal);
    }
}
