using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>TF2 <c>StatelessIf</c>: <c>y = If(p, x)</c> with then = <c>-x</c>, else = <c>x * x</c> (branch functions in the library).</summary>
public sealed class IfTranslatorTests
{
    private static readonly float[] X = [1, -2, 3];

    [Theory]
    [InlineData(true, new[] { -1f, 2, -3 })]
    [InlineData(false, new[] { 1f, 4, 9 })]
    public void Translate_BoolPredicate_RunsTheBranchItSelects(bool predicate, float[] expected)
    {
        var model = TranslationHarness.Translate(Build(DataType.Bool), "y:0");

        var branches = Assert.Single(model.Graph.Node, n => n.OpType == "If").Attribute.ToDictionary(a => a.Name, a => a.G);
        Assert.Contains(branches["then_branch"].Node, n => n.OpType == "Neg");
        Assert.Contains(branches["else_branch"].Node, n => n.OpType == "Mul");
        var y = Run(model, [Feed("x:0", X, 3), Feed("p:0", [predicate])], "y:0")["y:0"];
        Assert.Equal(expected, y.As<float>());
    }

    /// <summary>TensorFlow's If on a non-bool scalar: true when it is non-zero.</summary>
    [Theory]
    [InlineData(3, new[] { -1f, 2, -3 })]
    [InlineData(0, new[] { 1f, 4, 9 })]
    public void Translate_Int32Predicate_IsTrueWhenNonZero(int predicate, float[] expected)
    {
        var y = TranslationHarness.RunOne(Build(DataType.Int32), [Feed("x:0", X, 3), Feed("p:0", [predicate])], "y:0");

        Assert.Equal(expected, y.As<float>());
    }

    private static TfGraphBuilder Build(DataType predicateType)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 3);
        var p = graph.Placeholder("p", predicateType);
        var t = ("T", TypeAttr(DataType.Float));
        graph.Function("negate", [("a", DataType.Float)], [("out", DataType.Float)], [Node("Neg", "neg", ["a"], t)], ("out", "neg:y:0"));
        graph.Function("square", [("a", DataType.Float)], [("out", DataType.Float)], [Node("Mul", "mul", ["a", "a"], t)], ("out", "mul:z:0"));
        graph.Op("StatelessIf", "y", [p, x], ("Tcond", TypeAttr(predicateType)), ("Tin", Types(DataType.Float)), ("Tout", Types(DataType.Float)), ("then_branch", Func("negate")), ("else_branch", Func("square")));
        return graph;
    }
}
