using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation.Corpus;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>
/// Keras' LSTM while loop, built in code (units 2, input 3, time-major x [4, batch 2, 3]), becomes one ONNX LSTM;
/// a loop that differs from the cell (another activation) stays a Loop. Both must compute Keras' LSTM.
/// </summary>
public sealed class KerasLstmLoopTests
{
    private static readonly float[] Kernel = [.. Enumerable.Range(0, 24).Select(i => ((i % 5) - 2) * 0.2f)];
    private static readonly float[] Recurrent = [.. Enumerable.Range(0, 16).Select(i => ((i % 3) - 1) * 0.3f)];
    private static readonly float[] Bias = [.. Enumerable.Range(0, 8).Select(i => i * 0.1f)];
    private static readonly float[] X = [.. Enumerable.Range(0, 24).Select(i => ((i % 7) - 3) / 3f)];

    [Theory]
    [InlineData("Sigmoid", "LSTM")]
    [InlineData("Relu", "Loop")]
    public void Translate_KerasLstmLoop_FusedOnlyWhenTheCellMatches(string outputGate, string expectedOp)
    {
        var graph = Lstm(outputGate);

        var model = TranslationHarness.Translate(graph, "last:0", "loop:2");
        var y = Run(model, [Feed("x:0", X, 4, 2, 3)], "last:0", "loop:2");

        Assert.Contains(model.Graph.Node, n => n.OpType == expectedOp);
        var expected = outputGate == "Sigmoid" ? ReferenceLayers.Lstm(BatchMajor(X), 2, 4, Kernel, Recurrent, Bias) : null;
        Assert.Equal([2, 2], y["loop:2"].Shape);
        Assert.Equal([1, 2, 2], y["last:0"].Shape);
        TranslationHarness.Close(y["loop:2"].As<float>(), y["last:0"]);
        if (expected is not null)
        {
            TranslationHarness.Close(expected, y["loop:2"], 1e-4f);
        }
    }

    /// <summary>x [4, 2, 3] (time, batch, in) → [2, 4, 3] for the reference.</summary>
    private static float[] BatchMajor(float[] x) => [.. from b in Enumerable.Range(0, 2) from t in Enumerable.Range(0, 4) from i in Enumerable.Range(0, 3) select x[(((t * 2) + b) * 3) + i]];

    private static TfGraphBuilder Lstm(string outputGate)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 4, -1, 3);
        var shape = graph.Const("element_shape", [-1], 1);
        var input = graph.Op("TensorListFromTensor", "input", [x, shape], ("element_dtype", TypeAttr(DataType.Float)));
        var steps = graph.OpT("StridedSlice", "steps", DataType.Int32, [graph.OpT("Shape", "shape", DataType.Float, [x]), graph.Const("b", [0], 1), graph.Const("e", [1], 1), graph.Const("s", [1], 1)], ("shrink_axis_mask", Int(1)));
        var batch = graph.OpT("StridedSlice", "batch", DataType.Int32, [graph.OpT("Shape", "shape_b", DataType.Float, [x]), graph.Const("b1", [1], 1), graph.Const("e1", [2], 1), graph.Const("s1", [1], 1)], ("shrink_axis_mask", Int(1)));
        var zeros = graph.OpT("Fill", "zeros", DataType.Float, [graph.OpT("Pack", "zeros_shape", DataType.Int32, [batch, graph.Scalar("units", 2)], ("N", Int(2))), graph.Scalar("zero", 0f)]);
        var output = graph.Op("TensorListReserve", "output", [shape, graph.Scalar("one", 1)], ("element_dtype", TypeAttr(DataType.Float)));
        (string, DataType)[] arguments = [("time", DataType.Int32), ("out", DataType.Variant), ("h", DataType.Float), ("c", DataType.Float), ("steps", DataType.Int32), ("xs", DataType.Variant), ("kernel", DataType.Float), ("recurrent", DataType.Float), ("bias", DataType.Float)];
        graph.Function("cond", arguments, [("go", DataType.Bool)], [Node("Less", "less", ["time", "steps"], ("T", TypeAttr(DataType.Int32)))], ("go", "less:z:0"));
        var f = TypeAttr(DataType.Float);
        graph.Function(
            "body",
            arguments,
            [.. arguments.Select(a => (a.Item1 + "_next", a.Item2))],
            [
                Node("TensorListGetItem", "x_t", ["xs", "time", "shape:output:0"], ("element_dtype", f)),
                Node("Const", "shape", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Vector(-1)) })),
                Node("MatMul", "mm", ["x_t:item:0", "kernel"], ("T", f)),
                Node("MatMul", "mm_1", ["h", "recurrent"], ("T", f)),
                Node("AddV2", "add", ["mm:product:0", "mm_1:product:0"], ("T", f)),
                Node("BiasAdd", "z", ["add:z:0", "bias"], ("T", f)),
                Node("Const", "axis", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Scalar(1)) })),
                Node("Split", "split", ["axis:output:0", "z:output:0"], ("T", f), ("num_split", Int(4))),
                Node("Sigmoid", "i", ["split:output:0"], ("T", f)),
                Node("Sigmoid", "f", ["split:output:1"], ("T", f)),
                Node("Tanh", "g", ["split:output:2"], ("T", f)),
                Node(outputGate, "o", ["split:output:3"], ("T", f)),
                Node("Mul", "keep", ["f:y:0", "c"], ("T", f)),
                Node("Mul", "write", ["i:y:0", "g:y:0"], ("T", f)),
                Node("AddV2", "c_new", ["keep:z:0", "write:z:0"], ("T", f)),
                Node("Tanh", "c_tanh", ["c_new:z:0"], ("T", f)),
                Node("Mul", "h_new", ["o:y:0", "c_tanh:y:0"], ("T", f)),
                Node("Const", "zero_index", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Scalar(0)) })),
                Node("TensorListSetItem", "set", ["out", "zero_index:output:0", "h_new:z:0"], ("element_dtype", f)),
                Node("Const", "step", [], ("dtype", TypeAttr(DataType.Int32)), ("value", new Tensorflow.AttrValue { Tensor = TfTensor(TensorValue.Scalar(1)) })),
                Node("AddV2", "next_time", ["time", "step:output:0"], ("T", TypeAttr(DataType.Int32))),
            ],
            ("time_next", "next_time:z:0"),
            ("out_next", "set:output_handle:0"),
            ("h_next", "h_new:z:0"),
            ("c_next", "c_new:z:0"),
            ("steps_next", "steps"),
            ("xs_next", "xs"),
            ("kernel_next", "kernel"),
            ("recurrent_next", "recurrent"),
            ("bias_next", "bias"));
        graph.Op(
            "StatelessWhile",
            "loop",
            [graph.Scalar("t0", 0), output, zeros, zeros, steps, input, graph.Const("kernel", TensorValue.FromArray([3, 8], Kernel)), graph.Const("recurrent", TensorValue.FromArray([2, 8], Recurrent)), graph.Const("bias", TensorValue.FromArray([8], Bias))],
            ("T", Types(DataType.Int32, DataType.Variant, DataType.Float, DataType.Float, DataType.Int32, DataType.Variant, DataType.Float, DataType.Float, DataType.Float)),
            ("cond", Func("cond")),
            ("body", Func("body")));
        graph.Op("TensorListStack", "last", ["loop:1", shape], ("element_dtype", f));
        return graph;
    }
}
