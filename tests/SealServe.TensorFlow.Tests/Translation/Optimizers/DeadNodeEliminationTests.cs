using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

public sealed class DeadNodeEliminationTests
{
    [Fact]
    public void Optimize_FoldedAwayInputsAndUnusedOutputs_LeaveNoNodesOrInitializersBehind()
    {
        // Split yields two halves; only the second is used, and the shape feeding Reshape (of x [2, 4]) folds away.
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 4);
        graph.OpT("Split", "halves", DataType.Float, [graph.Scalar("axis", 1), x], ("num_split", TfGraphBuilder.Int(2)));
        var shape = graph.OpT("Shape", "shape", DataType.Float, [x]);
        graph.OpT("Reshape", "y", DataType.Float, ["halves:1", graph.OpT("Mul", "half", DataType.Int32, [shape, graph.Const("halve", [1, 0], 2)])]);

        var model = TranslationHarness.Translate(graph, "y:0");

        Assert.Equal(["Split", "Reshape"], model.Graph.Node.Select(n => n.OpType));
        Assert.Equal(2, model.Graph.Node[0].Output.Count);
        Assert.All(model.Graph.Initializer, t => Assert.Contains(model.Graph.Node, n => n.Input.Contains(t.Name)));
    }

    [Fact]
    public void Optimize_ValueReadOnlyInsideALoopBody_IsKept()
    {
        var model = TranslationHarness.Translate(WhileFixture.CumulativeSum(), "stack:0");

        var body = model.Graph.Node.Single(n => n.OpType == "Loop").Attribute.Single(a => a.Name == "body").G;
        var outer = body.Node.SelectMany(n => n.Input).Where(i => !body.Node.Any(m => m.Output.Contains(i)) && !body.Input.Any(v => v.Name == i)).ToArray();
        Assert.NotEmpty(outer);
        Assert.All(outer, name => Assert.True(model.Graph.Initializer.Any(t => t.Name == name) || model.Graph.Node.Any(n => n.Output.Contains(name)) || model.Graph.Input.Any(v => v.Name == name), name));
    }
}
