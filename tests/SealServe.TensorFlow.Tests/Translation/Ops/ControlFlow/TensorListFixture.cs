using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>Graph pieces the TensorList translator tests share: x [3, 2] made into a list, and a reserved list.</summary>
internal static class TensorListFixture
{
    public const string ElementShape = "element_shape:0";

    /// <summary>A graph with placeholder x [3, 2] and <c>list</c> = TensorListFromTensor(x).</summary>
    public static TfGraphBuilder FromTensor()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 3, 2);
        graph.Const("element_shape", [2], 1);
        graph.Op("TensorListFromTensor", "list", [x, ElementShape], ("element_dtype", TypeAttr(DataType.Float)));
        return graph;
    }

    /// <summary>A graph with placeholder x [2] and <c>list</c> = TensorListReserve(1 element).</summary>
    public static TfGraphBuilder Reserved()
    {
        var graph = new TfGraphBuilder();
        graph.Placeholder("x", DataType.Float, 2);
        graph.Const("element_shape", [2], 1);
        graph.Op("TensorListReserve", "list", [ElementShape, graph.Scalar("n", 1)], ("element_dtype", TypeAttr(DataType.Float)));
        return graph;
    }

    public static string Stack(TfGraphBuilder graph, string list) =>
        graph.Op("TensorListStack", "stack", [list, ElementShape], ("element_dtype", TypeAttr(DataType.Float)));

    public static float[] X { get; } = [1, 2, 3, 4, 5, 6];
}
