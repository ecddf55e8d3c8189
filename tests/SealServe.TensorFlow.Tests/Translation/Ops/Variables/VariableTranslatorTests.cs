using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Variables;

public sealed class VariableTranslatorTests
{
    private static readonly Dictionary<string, SealServe.Core.Tensors.Tensor> Weights = new()
    {
        ["w"] = SealServe.Core.Tensors.Tensor.FromValues(new TensorShape(2), 2f, 3f),
    };

    [Theory]
    [InlineData("VariableV2", "Identity")]
    [InlineData("Variable", "Identity")]
    [InlineData("VarHandleOp", "ReadVariableOp")]
    public void Translate_VariableRead_IsTheRestoredValue(string variableOp, string readOp)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        graph.Add(variableOp, "w", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)), ("shape", TfGraphBuilder.ShapeAttr(2)));
        var read = graph.Op(readOp, "w/read", ["w"], ("T", TfGraphBuilder.TypeAttr(DataType.Float)), ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        graph.OpT("Mul", "y", DataType.Float, [x, read]);
        var request = new TranslationRequest(graph.Graph, graph.Inputs, ["y:0"], new ZeroVariables(Weights), "test");

        var model = GraphTranslator.Translate(request);
        var y = Run(model, [Feed("x:0", new[] { 10f, 100f }, 2)], "y:0")["y:0"];

        Assert.Equal([20f, 300f], y.As<float>());
        Assert.Single(model.Graph.Initializer);
    }
}
