using SealServe.Core.Errors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>The loops of <see cref="WhileFixture"/>: cumulative sums written to a TensorList.</summary>
public sealed class WhileTranslatorTests
{
    private static readonly float[] X = [1, 10, 2, 20, 3, 30];

    [Fact]
    public void Translate_ListWrittenAtIterationIndex_StacksEveryStep()
    {
        var graph = WhileFixture.Build(writeIndexIsCounter: true, reserved: "T");

        var y = TranslationHarness.Run(graph, [Feed("x:0", X, 3, 2)], "stack:0", "loop:1");

        Assert.Equal([3, 2], y["stack:0"].Shape);
        Assert.Equal([1f, 10, 3, 30, 6, 60], y["stack:0"].As<float>());
        Assert.Equal([6f, 60], y["loop:1"].As<float>());
    }

    [Fact]
    public void Translate_OneElementListWrittenAtZero_KeepsTheLastWrite()
    {
        var graph = WhileFixture.Build(writeIndexIsCounter: false, reserved: "one");

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", X, 3, 2)], "stack:0");

        Assert.Equal([1, 2], y.Shape);
        Assert.Equal([6f, 60], y.As<float>());
    }

    [Fact]
    public void Translate_InvariantLoopVariables_AreNotCarried()
    {
        var model = TranslationHarness.Translate(WhileFixture.Build(writeIndexIsCounter: true, reserved: "T"), "stack:0");

        var loop = Assert.Single(model.Graph.Node, n => n.OpType == "Loop");
        Assert.Equal(2 + 2, loop.Input.Count); // M, cond, then only i and acc
        Assert.Equal(1 + 2 + 1, loop.Attribute.Single(a => a.Name == "body").G.Output.Count); // cond, i, acc, one scan
    }

    [Fact]
    public void Translate_ListWrittenAtAnotherIndex_FailsNamingTheLoop()
    {
        var graph = WhileFixture.Build(writeIndexIsCounter: false, reserved: "T");

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "stack:0"));

        Assert.Contains("'loop' (StatelessWhile)", error.Message, StringComparison.Ordinal);
        Assert.Contains("index other than the iteration index", error.Message, StringComparison.Ordinal);
    }
}
