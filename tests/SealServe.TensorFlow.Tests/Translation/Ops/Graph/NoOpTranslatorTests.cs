using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Graph;

public sealed class NoOpTranslatorTests
{
    [Fact]
    public void Translate_ControlDependencyOnNoOpAndAssign_DropsBoth()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.Add("AssignAdd", "side_effect", [x, x]);
        graph.Add("NoOp", "deps", ["^side_effect"]);
        graph.Graph.Node.Add(new Tensorflow.NodeDef { Name = "y", Op = "Identity", Input = { x, "^deps" }, Attr = { ["T"] = TfGraphBuilder.TypeAttr(DataType.Float) } });

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 3f }, 1)], "y:0");

        Assert.Equal([3f], y.As<float>());
    }

    [Fact]
    public void Translate_NoOpReachedAsData_EmitsNothing()
    {
        var graph = new TfGraphBuilder();
        graph.Add("NoOp", "init", []);
        var c = graph.Scalar("c", 1f);

        var model = TranslationHarness.Translate(graph, c);

        Assert.DoesNotContain(model.Graph.Node, n => n.Name.StartsWith("init", StringComparison.Ordinal));
    }
}
