using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Variables;

/// <summary>TF1 assignments as the variable's new value, the variable fed as state.</summary>
public sealed class AssignTranslatorTests
{
    [Theory]
    [InlineData("Assign", new[] { 5f, 6f })]
    [InlineData("AssignAdd", new[] { 15f, 26f })]
    [InlineData("AssignSub", new[] { 5f, 14f })]
    public void Translate_FedVariable_GivesItsNewValue(string op, float[] expected)
    {
        var graph = Graph(op);
        var request = new TranslationRequest(graph.Graph, [.. graph.Inputs, new GraphInput("v:0", DataType.Float, ShapeSpec.Of(2))], ["assign:0"], new ZeroVariables(), "state");

        var y = Run(GraphTranslator.Translate(request), [Feed("v:0", new[] { 10f, 20f }, 2), Feed("x:0", new[] { 5f, 6f }, 2)], "assign:0")["assign:0"];

        Assert.Equal(expected, y.As<float>());
    }

    [Fact]
    public void Translate_VariableNotFed_RefusesToAssignAConstant()
    {
        var graph = Graph("AssignAdd");

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Translate(new TranslationRequest(graph.Graph, graph.Inputs, ["assign:0"], new ZeroVariables(), "state")));

        Assert.Contains("Cannot translate node 'assign' (AssignAdd): the variable it changes is a constant here", error.Message, StringComparison.Ordinal);
    }

    private static TfGraphBuilder Graph(string op)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        graph.Add("VariableV2", "v", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)), ("shape", TfGraphBuilder.ShapeAttr(2)));
        graph.OpT(op, "assign", DataType.Float, ["v", x]);
        return graph;
    }
}
