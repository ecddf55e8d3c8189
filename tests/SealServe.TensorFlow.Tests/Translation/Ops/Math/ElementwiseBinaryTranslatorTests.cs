using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class ElementwiseBinaryTranslatorTests
{
    private static readonly float[] X = [1, 2, 3, 4, 5, 6];

    [Theory]
    [InlineData("Add", new float[] { 11, 22, 33, 14, 25, 36 })]
    [InlineData("AddV2", new float[] { 11, 22, 33, 14, 25, 36 })]
    [InlineData("Sub", new float[] { -9, -18, -27, -6, -15, -24 })]
    [InlineData("Mul", new float[] { 10, 40, 90, 40, 100, 180 })]
    [InlineData("RealDiv", new float[] { 0.1f, 0.1f, 0.1f, 0.4f, 0.25f, 0.2f })]
    [InlineData("Maximum", new float[] { 10, 20, 30, 10, 20, 30 })]
    [InlineData("Minimum", new float[] { 1, 2, 3, 4, 5, 6 })]
    public void Translate_FloatRowBroadcastAgainstMatrix_MatchesTf(string op, float[] expected)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 3);
        var y = graph.Const("y", [10f, 20f, 30f], 3);
        graph.OpT(op, "z", DataType.Float, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", X, 2, 3)], "z:0");

        Assert.Equal([2, 3], z.Shape);
        Assert.Equal(expected, z.As<float>(), (a, b) => MathF.Abs(a - b) < 1e-6f);
    }

    [Fact]
    public void Translate_AddOnStrings_ConcatenatesWithBroadcastingAtOpset20()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.String, 2);
        var y = graph.Placeholder("y", DataType.String, 1);
        graph.OpT("Add", "z", DataType.String, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { "a", "bc" }, 2), Feed("y:0", new[] { "!" }, 1)], "z:0");

        Assert.Equal(["a!", "bc!"], z.As<string>());
        Assert.Equal(20, Assert.Single(TranslationHarness.Translate(graph, "z:0").OpsetImport).Version);
    }

    [Fact]
    public void Translate_EqualOnStrings_ElementwiseAtOpset19()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.String, 3);
        var y = graph.Placeholder("y", DataType.String, 3);
        graph.OpT("Equal", "z", DataType.String, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { "a", "x", "c" }, 3), Feed("y:0", new[] { "a", "b", "c" }, 3)], "z:0");

        Assert.Equal([true, false, true], z.As<bool>());
        Assert.Equal(19, Assert.Single(TranslationHarness.Translate(graph, "z:0").OpsetImport).Version);
    }

    [Fact]
    public void Translate_NumbersOnly_StaysAtOpset18()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        graph.OpT("Add", "z", DataType.Float, [x, x]);

        Assert.Equal(18, Assert.Single(TranslationHarness.Translate(graph, "z:0").OpsetImport).Version);
    }

    [Fact]
    public void Translate_IntegerDiv_TruncatesTowardZero()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Int32, 4);
        var y = graph.Scalar("y", 2);
        graph.OpT("Div", "z", DataType.Int32, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { -7, -1, 1, 7 }, 4)], "z:0");

        Assert.Equal([-3, 0, 0, 3], z.As<int>());
    }

    [Fact]
    public void Translate_Pow_ColumnBroadcastBothSides()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 1);
        var y = graph.Const("y", [1f, 2f, 3f], 1, 3);
        graph.OpT("Pow", "z", DataType.Float, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 2f, 3f }, 2, 1)], "z:0");

        Assert.Equal([2, 3], z.Shape);
        Assert.Equal([2f, 4, 8, 3, 9, 27], z.As<float>());
    }

    [Theory]
    [InlineData("Less", new[] { true, false, false })]
    [InlineData("LessEqual", new[] { true, true, false })]
    [InlineData("Greater", new[] { false, false, true })]
    [InlineData("GreaterEqual", new[] { false, true, true })]
    [InlineData("Equal", new[] { false, true, false })]
    public void Translate_Comparison_ReturnsBool(string op, bool[] expected)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Int64, 3);
        var y = graph.Scalar("y", 2L);
        graph.OpT(op, "z", DataType.Int64, [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1L, 2, 3 }, 3)], "z:0");

        Assert.Equal(expected, z.As<bool>());
    }

    [Theory]
    [InlineData("LogicalAnd", new[] { true, false, false, false })]
    [InlineData("LogicalOr", new[] { true, true, true, false })]
    public void Translate_Logical_ElementWise(string op, bool[] expected)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Bool, 4);
        var y = graph.Const("y", [true, false, true, false], 4);
        graph.Op(op, "z", [x, y]);

        var z = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { true, true, false, false }, 4)], "z:0");

        Assert.Equal(expected, z.As<bool>());
    }
}
