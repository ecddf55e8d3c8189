using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>
/// The loop Keras writes for RNNs, over x [T, 2] (time-major): i = 0; acc = 0; while i &lt; T:
/// acc += x[i]; out[i] = acc (or out[0] = acc); i += 1. Tensors: <c>stack:0</c> (the written list) and <c>loop:1</c> (acc).
/// </summary>
internal static class WhileFixture
{
    /// <summary>Writes out[i] into a list reserved with T elements.</summary>
    public static TfGraphBuilder CumulativeSum() => Build(writeIndexIsCounter: true, reserved: "T");

    /// <param name="writeIndexIsCounter">Write at i (else at 0).</param>
    /// <param name="reserved">The tensor holding the reserved length: <c>T</c> or <c>one</c>.</param>
    public static TfGraphBuilder Build(bool writeIndexIsCounter, string reserved)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 2);
        var elementShape = graph.Const("element_shape", [-1], 1);
        var input = graph.Op("TensorListFromTensor", "input", [x, elementShape], ("element_dtype", TypeAttr(DataType.Float)));
        var steps = graph.OpT("StridedSlice", "T", DataType.Int32, [graph.OpT("Shape", "shape", DataType.Float, [x]), graph.Const("b", [0], 1), graph.Const("e", [1], 1), graph.Const("s", [1], 1)], ("shrink_axis_mask", Int(1)));
        graph.Scalar("one", 1);
        var list = graph.Op("TensorListReserve", "list", [elementShape, reserved + ":0"], ("element_dtype", TypeAttr(DataType.Float)));
        DataType[] types = [DataType.Int32, DataType.Float, DataType.Variant, DataType.Int32, DataType.Variant];
        (string, DataType)[] arguments = [("i", DataType.Int32), ("acc", DataType.Float), ("out", DataType.Variant), ("steps", DataType.Int32), ("input", DataType.Variant)];
        graph.Function("cond", arguments, [("keep_going", DataType.Bool)], [Node("Less", "less", ["i", "steps"], ("T", TypeAttr(DataType.Int32)))], ("keep_going", "less:z:0"));
        graph.Function(
            "body",
            arguments,
            [("i_next", DataType.Int32), ("acc_next", DataType.Float), ("out_next", DataType.Variant), ("steps_next", DataType.Int32), ("input_next", DataType.Variant)],
            [
                Node("TensorListGetItem", "item", ["input", "i", "shape:output:0"], ("element_dtype", TypeAttr(DataType.Float))),
                Node("Const", "shape", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Vector(-1)) })),
                Node("AddV2", "sum", ["acc", "item:item:0"], ("T", TypeAttr(DataType.Float))),
                Node("Const", "zero", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Scalar(0)) })),
                Node("TensorListSetItem", "write", ["out", writeIndexIsCounter ? "i" : "zero:output:0", "sum:z:0"], ("element_dtype", TypeAttr(DataType.Float))),
                Node("Const", "step", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Scalar(1)) })),
                Node("AddV2", "next", ["i", "step:output:0"], ("T", TypeAttr(DataType.Int32))),
                Node("Identity", "acc_identity", ["sum:z:0"], ("T", TypeAttr(DataType.Float))),
            ],
            ("i_next", "next:z:0"),
            ("acc_next", "acc_identity:output:0"),
            ("out_next", "write:output_handle:0"),
            ("steps_next", "steps"),
            ("input_next", "input"));
        graph.Op(
            "StatelessWhile",
            "loop",
            [graph.Scalar("i0", 0), graph.Const("acc0", [0f, 0f], 2), list, steps, input],
            ("T", Types(types)),
            ("cond", Func("cond")),
            ("body", Func("body")));
        graph.Op("TensorListStack", "stack", ["loop:2", elementShape], ("element_dtype", TypeAttr(DataType.Float)));
        return graph;
    }
}
