using Google.Protobuf;
using Tensorflow;

namespace SealServe.TestKit;

/// <summary>
/// Frozen TF1 GraphDefs with control flow, shaped as TensorFlow 1.x writes them (no TensorFlow here to export them):
/// <c>tf.cond</c> as Keras' <c>in_train_phase</c> builds it on the learning phase, and <c>tf.while_loop</c>s (frame
/// <c>while/while_context</c>, node names as TF1 gives them).
/// </summary>
public static class Tf1ControlFlowGraphs
{
    /// <summary>Where the cond's predicate comes from.</summary>
    public enum Predicate
    {
        /// <summary>Keras' learning phase: <c>PlaceholderWithDefault(false)</c>, which TF Serving never feeds.</summary>
        LearningPhaseDefault,

        /// <summary>A constant <c>true</c>.</summary>
        ConstantTrue,

        /// <summary>A bool placeholder <c>training</c> fed with each request.</summary>
        Fed,
    }

    /// <summary>
    /// <c>y = Identity(cond)</c> and <c>branch = Identity(cond's value_index)</c> for input <c>x</c> (float, [-1, 3]), where
    /// <c>cond = tf.cond(pred, lambda: x - reduce_mean(x, 0, keepdims=True), lambda: x * 2 + 1)</c> in TF1 form: a Switch
    /// of the predicate whose outputs feed the pivots <c>cond/switch_t</c> and <c>cond/switch_f</c>, <c>cond/pred_id</c>, a
    /// Switch of x, each branch's constants with a control input from its pivot, and Merge(false side, true side).
    /// </summary>
    public static GraphDef KerasCond(Predicate predicate)
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 3))));
        var pred = predicate switch
        {
            Predicate.LearningPhaseDefault => LearningPhase(graph),
            Predicate.ConstantTrue => Add(graph, BoolConst("pred", true)),
            _ => Add(graph, Node("training", "Placeholder", [], ("dtype", Type(DataType.DtBool)), ("shape", Shape()))),
        };

        AddCond(graph, "cond", pred, "x");
        graph.Node.Add(Node("y", "Identity", ["cond/Merge"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(Node("branch", "Identity", ["cond/Merge:1"], ("T", Type(DataType.DtInt32))));
        return graph;
    }

    /// <summary>
    /// <c>y = tf.cond(training, lambda: tf.cond(negate, lambda: -x, lambda: x), lambda: x * 2)</c> in TF1 form, on float
    /// <c>x</c> [-1, 3] and bool placeholders <c>training</c> and <c>negate</c>: the inner cond's predicate and input enter
    /// the outer cond through the outer Switches, as TensorFlow nests cond contexts.
    /// </summary>
    public static GraphDef NestedCond()
    {
        var f = ("T", Type(DataType.DtFloat));
        var b = ("T", Type(DataType.DtBool));
        return new GraphDef
        {
            Node =
            {
                Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 3))),
                Node("training", "Placeholder", [], ("dtype", Type(DataType.DtBool)), ("shape", Shape())),
                Node("negate", "Placeholder", [], ("dtype", Type(DataType.DtBool)), ("shape", Shape())),
                Node("cond/Switch", "Switch", ["training", "training"], b),
                Node("cond/switch_t", "Identity", ["cond/Switch:1"], b),
                Node("cond/switch_f", "Identity", ["cond/Switch"], b),
                Node("cond/pred_id", "Identity", ["training"], b),
                Node("cond/Switch_1", "Switch", ["x", "cond/pred_id"], f),
                Node("cond/Switch_2", "Switch", ["negate", "cond/pred_id"], b),
                Node("cond/cond/Switch", "Switch", ["cond/Switch_2:1", "cond/Switch_2:1"], b),
                Node("cond/cond/switch_t", "Identity", ["cond/cond/Switch:1"], b),
                Node("cond/cond/switch_f", "Identity", ["cond/cond/Switch"], b),
                Node("cond/cond/pred_id", "Identity", ["cond/Switch_2:1"], b),
                Node("cond/cond/Switch_1", "Switch", ["cond/Switch_1:1", "cond/cond/pred_id"], f),
                Node("cond/cond/Neg", "Neg", ["cond/cond/Switch_1:1"], f),
                Node("cond/cond/Identity", "Identity", ["cond/cond/Switch_1"], f),
                Node("cond/cond/Merge", "Merge", ["cond/cond/Identity", "cond/cond/Neg"], f, ("N", new AttrValue { I = 2 })),
                FloatConst("cond/mul/y", 2, "^cond/switch_f"),
                Node("cond/mul", "Mul", ["cond/Switch_1", "cond/mul/y"], f),
                Node("cond/Merge", "Merge", ["cond/mul", "cond/cond/Merge"], f, ("N", new AttrValue { I = 2 })),
                Node("y", "Identity", ["cond/Merge"], f),
            },
        };
    }

    /// <summary>
    /// A TF1 <c>tf.while_loop(lambda i: i &lt; 10, lambda i: i + 1, [x])</c> on an int32 scalar input <c>x</c>, output <c>y</c>:
    /// Enter, Merge(Enter, NextIteration), Less, LoopCond, Switch, Identity, Add, NextIteration, Exit.
    /// </summary>
    public static GraphDef WhileLoop()
    {
        var t = ("T", Type(DataType.DtInt32));
        return new GraphDef
        {
            Node =
            {
                Node("x", "Placeholder", [], ("dtype", Type(DataType.DtInt32)), ("shape", Shape())),
                Int32Const("while/Less/y", 10, "^while/Merge"),
                Enter("while/Enter", "x", DataType.DtInt32),
                Node("while/Merge", "Merge", ["while/Enter", "while/NextIteration"], t, ("N", new AttrValue { I = 2 })),
                Node("while/Less", "Less", ["while/Merge", "while/Less/y"], t),
                Node("while/LoopCond", "LoopCond", ["while/Less"]),
                Node("while/Switch", "Switch", ["while/Merge", "while/LoopCond"], t),
                Node("while/Identity", "Identity", ["while/Switch:1"], t),
                Int32Const("while/add/y", 1, "^while/Identity"),
                Node("while/add", "AddV2", ["while/Identity", "while/add/y"], t),
                Node("while/NextIteration", "NextIteration", ["while/add"], t),
                Node("while/Exit", "Exit", ["while/Switch"], t),
                Node("y", "Identity", ["while/Exit"], t),
            },
        };
    }

    /// <summary>
    /// <c>count, acc = tf.while_loop(lambda i, acc: i &lt; n, lambda i, acc: (i + 1, acc * x + 1), [0, tf.zeros_like(x)])</c>
    /// on float <c>x</c> [-1, 3] and int32 scalar <c>n</c>, outputs <c>y</c> (acc: 1 + x + ... + x^(n-1)) and <c>count</c>.
    /// <c>n</c> enters the cond and <c>x</c> the body as loop invariants (Enter with is_constant).
    /// </summary>
    public static GraphDef AccumulatorLoop()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 3))));
        graph.Node.Add(Node("n", "Placeholder", [], ("dtype", Type(DataType.DtInt32)), ("shape", Shape())));
        graph.Node.Add(Int32Const("Const", 0, null));
        graph.Node.Add(Node("zeros_like", "ZerosLike", ["x"], ("T", Type(DataType.DtFloat))));
        var (i, acc) = ("while/Identity", "while/Identity_1");
        AddLoop(graph, "while", [("Const", DataType.DtInt32), ("zeros_like", DataType.DtFloat)], "while/Less", [
            Enter("while/Less/Enter", "n", DataType.DtInt32, constant: true),
            Node("while/Less", "Less", ["while/Merge", "while/Less/Enter"], ("T", Type(DataType.DtInt32))),
            Int32Const("while/add/y", 1, "^" + i),
            Node("while/add", "AddV2", [i, "while/add/y"], ("T", Type(DataType.DtInt32))),
            Enter("while/mul/Enter", "x", DataType.DtFloat, constant: true),
            Node("while/mul", "Mul", [acc, "while/mul/Enter"], ("T", Type(DataType.DtFloat))),
            FloatConst("while/add_1/y", 1, "^" + i),
            Node("while/add_1", "AddV2", ["while/mul", "while/add_1/y"], ("T", Type(DataType.DtFloat))),
        ], ["while/add", "while/add_1"]);
        graph.Node.Add(Node("y", "Identity", ["while/Exit_1"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(Node("count", "Identity", ["while/Exit"], ("T", Type(DataType.DtInt32))));
        return graph;
    }

    /// <summary>Input-to-hidden weights W [2, 3] of <see cref="RnnLoop"/>.</summary>
    public static readonly float[] RnnW = [0.5f, -0.25f, 1, 0.75f, 0.5f, -1];

    /// <summary>Hidden-to-hidden weights U [3, 3] of <see cref="RnnLoop"/>.</summary>
    public static readonly float[] RnnU = [0.1f, 0.2f, -0.3f, -0.4f, 0.5f, 0.6f, 0.7f, -0.8f, 0.9f];

    /// <summary>
    /// A tiny RNN over float <c>xs</c> [T, B, 2] from float <c>h0</c> [B, 3], without TensorArrays: <c>_, h =
    /// tf.while_loop(lambda t, h: t &lt; tf.shape(xs)[0], lambda t, h: (t + 1, tf.tanh(tf.gather(xs, t) @ W + h @ U)), [0, h0])</c>,
    /// output <c>h</c>. <c>xs</c>, the constant weights <see cref="RnnW"/> and <see cref="RnnU"/> and the step count (Shape,
    /// StridedSlice outside the loop) enter as loop invariants; the step reads <c>xs</c> at the counter with GatherV2.
    /// </summary>
    public static GraphDef RnnLoop()
    {
        var f = ("T", Type(DataType.DtFloat));
        var graph = new GraphDef();
        graph.Node.Add(Node("xs", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, -1, 2))));
        graph.Node.Add(Node("h0", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 3))));
        graph.Node.Add(FloatTensor("W", RnnW, 2, 3));
        graph.Node.Add(FloatTensor("U", RnnU, 3, 3));
        var steps = AddLength(graph, "xs");
        graph.Node.Add(Int32Const("Const", 0, null));
        var (t, h) = ("while/Identity", "while/Identity_1");
        AddLoop(graph, "while", [("Const", DataType.DtInt32), ("h0", DataType.DtFloat)], "while/Less", [
            Enter("while/Less/Enter", steps, DataType.DtInt32, constant: true),
            Node("while/Less", "Less", ["while/Merge", "while/Less/Enter"], ("T", Type(DataType.DtInt32))),
            Int32Const("while/add/y", 1, "^" + t),
            Node("while/add", "AddV2", [t, "while/add/y"], ("T", Type(DataType.DtInt32))),
            Enter("while/GatherV2/Enter", "xs", DataType.DtFloat, constant: true),
            Int32Const("while/GatherV2/axis", 0, "^" + t),
            Node("while/GatherV2", "GatherV2", ["while/GatherV2/Enter", t, "while/GatherV2/axis"], ("Tparams", Type(DataType.DtFloat)), ("Tindices", Type(DataType.DtInt32)), ("Taxis", Type(DataType.DtInt32)), ("batch_dims", new AttrValue { I = 0 })),
            Enter("while/MatMul/Enter", "W", DataType.DtFloat, constant: true),
            Node("while/MatMul", "MatMul", ["while/GatherV2", "while/MatMul/Enter"], f, ("transpose_a", new AttrValue { B = false }), ("transpose_b", new AttrValue { B = false })),
            Enter("while/MatMul_1/Enter", "U", DataType.DtFloat, constant: true),
            Node("while/MatMul_1", "MatMul", [h, "while/MatMul_1/Enter"], f, ("transpose_a", new AttrValue { B = false }), ("transpose_b", new AttrValue { B = false })),
            Node("while/add_1", "AddV2", ["while/MatMul", "while/MatMul_1"], f),
            Node("while/Tanh", "Tanh", ["while/add_1"], f),
        ], ["while/add", "while/Tanh"]);
        graph.Node.Add(Node("h", "Identity", ["while/Exit_1"], f));
        return graph;
    }

    /// <summary>
    /// <c>y = tf.while_loop(lambda v: tf.reduce_all(v &lt; 100), lambda v: v * 2, [x], maximum_iterations=m)</c> on float <c>x</c> [-1] and
    /// int32 scalar <c>m</c>, as TF1 writes maximum_iterations: a counter loop variable first, and the cond
    /// <c>LogicalAnd(counter &lt; m, All(v &lt; 100))</c>. x is doubled until an element reaches 100, at most m times.
    /// </summary>
    public static GraphDef MaximumIterationsLoop()
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1))));
        graph.Node.Add(Node("m", "Placeholder", [], ("dtype", Type(DataType.DtInt32)), ("shape", Shape())));
        graph.Node.Add(Int32Const("while/iteration_counter", 0, null));
        var (counter, v) = ("while/Identity", "while/Identity_1");
        AddLoop(graph, "while", [("while/iteration_counter", DataType.DtInt32), ("x", DataType.DtFloat)], "while/LogicalAnd", [
            Enter("while/Less/Enter", "m", DataType.DtInt32, constant: true),
            Node("while/Less", "Less", ["while/Merge", "while/Less/Enter"], ("T", Type(DataType.DtInt32))),
            FloatConst("while/Less_1/y", 100, "^while/Merge"),
            Node("while/Less_1", "Less", ["while/Merge_1", "while/Less_1/y"], ("T", Type(DataType.DtFloat))),
            Int32Const("while/Const", 0, "^while/Merge"),
            Node("while/All", "All", ["while/Less_1", "while/Const"], ("Tidx", Type(DataType.DtInt32)), ("keep_dims", new AttrValue { B = false })),
            Node("while/LogicalAnd", "LogicalAnd", ["while/Less", "while/All"]),
            Int32Const("while/add/y", 1, "^" + counter),
            Node("while/add", "AddV2", [counter, "while/add/y"], ("T", Type(DataType.DtInt32))),
            FloatConst("while/mul/y", 2, "^" + counter),
            Node("while/mul", "Mul", [v, "while/mul/y"], ("T", Type(DataType.DtFloat))),
        ], ["while/add", "while/mul"]);
        graph.Node.Add(Node("y", "Identity", ["while/Exit_1"], ("T", Type(DataType.DtFloat))));
        return graph;
    }

    /// <summary>
    /// A tf.cond inside a loop body: <c>_, y = tf.while_loop(lambda i, v: i &lt; 4, lambda i, v: (i + 1, tf.cond(i % 2 == 0,
    /// lambda: v + x, lambda: v * x)), [0, x])</c> on float <c>x</c> [-1]: ((x + x) * x + x) * x. The cond's Switches take the
    /// body's values (v, and x through its loop-invariant Enter), as TF1 nests a cond context in a while context.
    /// </summary>
    public static GraphDef CondInLoop()
    {
        var f = ("T", Type(DataType.DtFloat));
        var b = ("T", Type(DataType.DtBool));
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1))));
        graph.Node.Add(Int32Const("Const", 0, null));
        var (i, v) = ("while/Identity", "while/Identity_1");
        AddLoop(graph, "while", [("Const", DataType.DtInt32), ("x", DataType.DtFloat)], "while/Less", [
            Int32Const("while/Less/y", 4, "^while/Merge"),
            Node("while/Less", "Less", ["while/Merge", "while/Less/y"], ("T", Type(DataType.DtInt32))),
            Int32Const("while/add/y", 1, "^" + i),
            Node("while/add", "AddV2", [i, "while/add/y"], ("T", Type(DataType.DtInt32))),
            Int32Const("while/FloorMod/y", 2, "^" + i),
            Node("while/FloorMod", "FloorMod", [i, "while/FloorMod/y"], ("T", Type(DataType.DtInt32))),
            Int32Const("while/Equal/y", 0, "^" + i),
            Node("while/Equal", "Equal", ["while/FloorMod", "while/Equal/y"], ("T", Type(DataType.DtInt32))),
            Node("while/cond/Switch", "Switch", ["while/Equal", "while/Equal"], b),
            Node("while/cond/switch_t", "Identity", ["while/cond/Switch:1"], b),
            Node("while/cond/switch_f", "Identity", ["while/cond/Switch"], b),
            Node("while/cond/pred_id", "Identity", ["while/Equal"], b),
            Node("while/cond/Switch_1", "Switch", [v, "while/cond/pred_id"], f),
            Enter("while/cond/Switch_2/Enter", "x", DataType.DtFloat, constant: true),
            Node("while/cond/Switch_2", "Switch", ["while/cond/Switch_2/Enter", "while/cond/pred_id"], f),
            Node("while/cond/add", "AddV2", ["while/cond/Switch_1:1", "while/cond/Switch_2:1"], f),
            Node("while/cond/mul", "Mul", ["while/cond/Switch_1", "while/cond/Switch_2"], f),
            Node("while/cond/Merge", "Merge", ["while/cond/mul", "while/cond/add"], f, ("N", new AttrValue { I = 2 })),
        ], ["while/add", "while/cond/Merge"]);
        graph.Node.Add(Node("y", "Identity", ["while/Exit_1"], f));
        return graph;
    }

    /// <summary>
    /// A loop in a loop: <c>_, y = tf.while_loop(lambda i, acc: i &lt; 3, lambda i, acc: (i + 1, tf.while_loop(lambda j, v: j &lt;
    /// i + 2, lambda j, v: (j + 1, v + x), [0, acc])[1]), [0, x])</c> on float <c>x</c> [-1]: 2 + 3 + 4 additions, y = 10·x.
    /// The inner frame <c>while/while/while_context</c> takes the outer body's values; x enters both frames (Enter of Enter).
    /// </summary>
    public static GraphDef NestedLoop()
    {
        var f = ("T", Type(DataType.DtFloat));
        var i32 = ("T", Type(DataType.DtInt32));
        const string Inner = "while/while/while_context";
        var graph = new GraphDef();
        graph.Node.Add(Node("x", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1))));
        graph.Node.Add(Int32Const("Const", 0, null));
        var (i, acc) = ("while/Identity", "while/Identity_1");
        var (j, v) = ("while/while/Identity", "while/while/Identity_1");
        AddLoop(graph, "while/while", [("while/Const", DataType.DtInt32), (acc, DataType.DtFloat)], "while/while/Less", [
            Enter("while/while/Less/Enter", "while/add_1", DataType.DtInt32, constant: true, frame: Inner),
            Node("while/while/Less", "Less", ["while/while/Merge", "while/while/Less/Enter"], i32),
            Int32Const("while/while/add/y", 1, "^" + j),
            Node("while/while/add", "AddV2", [j, "while/while/add/y"], i32),
            Enter("while/while/add_1/Enter", "while/while/add_1/Enter/Enter", DataType.DtFloat, constant: true, frame: Inner),
            Node("while/while/add_1", "AddV2", [v, "while/while/add_1/Enter"], f),
        ], ["while/while/add", "while/while/add_1"]);
        AddLoop(graph, "while", [("Const", DataType.DtInt32), ("x", DataType.DtFloat)], "while/Less", [
            Int32Const("while/Less/y", 3, "^while/Merge"),
            Node("while/Less", "Less", ["while/Merge", "while/Less/y"], i32),
            Int32Const("while/add/y", 1, "^" + i),
            Node("while/add", "AddV2", [i, "while/add/y"], i32),
            Int32Const("while/add_1/y", 2, "^" + i),
            Node("while/add_1", "AddV2", [i, "while/add_1/y"], i32),
            Int32Const("while/Const", 0, "^" + i),
            Enter("while/while/add_1/Enter/Enter", "x", DataType.DtFloat, constant: true),
        ], ["while/add", "while/while/Exit_1"]);
        graph.Node.Add(Node("y", "Identity", ["while/Exit_1"], f));
        return graph;
    }

    /// <summary>
    /// Running sums of xs's rows by a loop over TensorArrays, as dynamic_rnn reads its input and writes its outputs:
    /// <c>y</c> (the last sum) and <c>ys</c> [T, 2] (every sum) on float <c>xs</c> [-1, 2]. Outside the loop TensorArrayV3 twice
    /// and TensorArrayScatterV3 (unstack xs); inside TensorArrayReadV3 and TensorArrayWriteV3 at the counter, the input
    /// array's handle and flow entering as invariants and the output array's flow as a loop variable; after it
    /// TensorArraySizeV3 and TensorArrayGatherV3 (stack) — or, with <paramref name="concat"/>, TensorArrayConcatV3, which
    /// is not translated.
    /// </summary>
    public static GraphDef TensorArrayLoop(bool concat = false)
    {
        var f = ("T", Type(DataType.DtFloat));
        var i32 = ("T", Type(DataType.DtInt32));
        var graph = new GraphDef();
        graph.Node.Add(Node("xs", "Placeholder", [], ("dtype", Type(DataType.DtFloat)), ("shape", Shape(-1, 2))));
        var steps = AddLength(graph, "xs");
        graph.Node.Add(Node("TensorArray", "TensorArrayV3", [steps], ("dtype", Type(DataType.DtFloat)), ("element_shape", Shape(2))));
        graph.Node.Add(Node("TensorArray_1", "TensorArrayV3", [steps], ("dtype", Type(DataType.DtFloat)), ("element_shape", Shape(2))));
        graph.Node.Add(Int32Const("range/start", 0, null));
        graph.Node.Add(Int32Const("range/delta", 1, null));
        graph.Node.Add(Node("range", "Range", ["range/start", steps, "range/delta"], ("Tidx", Type(DataType.DtInt32))));
        graph.Node.Add(Node("TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3", "TensorArrayScatterV3", ["TensorArray", "range", "xs", "TensorArray:1"], f));
        graph.Node.Add(Int32Const("Const", 0, null));
        graph.Node.Add(FloatTensor("zeros", [0, 0], 2));
        var (i, acc, flow) = ("while/Identity", "while/Identity_1", "while/Identity_2");
        AddLoop(graph, "while", [("Const", DataType.DtInt32), ("zeros", DataType.DtFloat), ("TensorArray_1:1", DataType.DtFloat)], "while/Less", [
            Enter("while/Less/Enter", steps, DataType.DtInt32, constant: true),
            Node("while/Less", "Less", ["while/Merge", "while/Less/Enter"], i32),
            Int32Const("while/add/y", 1, "^" + i),
            Node("while/add", "AddV2", [i, "while/add/y"], i32),
            Enter("while/TensorArrayReadV3/Enter", "TensorArray", DataType.DtResource, constant: true),
            Enter("while/TensorArrayReadV3/Enter_1", "TensorArrayUnstack/TensorArrayScatter/TensorArrayScatterV3", DataType.DtFloat, constant: true),
            Node("while/TensorArrayReadV3", "TensorArrayReadV3", ["while/TensorArrayReadV3/Enter", i, "while/TensorArrayReadV3/Enter_1"], ("dtype", Type(DataType.DtFloat))),
            Node("while/add_1", "AddV2", [acc, "while/TensorArrayReadV3"], f),
            Enter("while/TensorArrayWrite/TensorArrayWriteV3/Enter", "TensorArray_1", DataType.DtResource, constant: true),
            Node("while/TensorArrayWrite/TensorArrayWriteV3", "TensorArrayWriteV3", ["while/TensorArrayWrite/TensorArrayWriteV3/Enter", i, "while/add_1", flow], f),
        ], ["while/add", "while/add_1", "while/TensorArrayWrite/TensorArrayWriteV3"]);
        graph.Node.Add(Node("y", "Identity", ["while/Exit_1"], f));
        if (concat)
        {
            graph.Node.Add(Node("TensorArrayConcatV3", "TensorArrayConcatV3", ["TensorArray_1", "while/Exit_2"], ("dtype", Type(DataType.DtFloat))));
            graph.Node.Add(Node("ys", "Identity", ["TensorArrayConcatV3"], f));
            return graph;
        }

        graph.Node.Add(Node("TensorArrayStack/TensorArraySizeV3", "TensorArraySizeV3", ["TensorArray_1", "while/Exit_2"]));
        graph.Node.Add(Int32Const("TensorArrayStack/range/start", 0, null));
        graph.Node.Add(Int32Const("TensorArrayStack/range/delta", 1, null));
        graph.Node.Add(Node("TensorArrayStack/range", "Range", ["TensorArrayStack/range/start", "TensorArrayStack/TensorArraySizeV3", "TensorArrayStack/range/delta"], ("Tidx", Type(DataType.DtInt32))));
        graph.Node.Add(Node("TensorArrayStack/TensorArrayGatherV3", "TensorArrayGatherV3", ["TensorArray_1", "TensorArrayStack/range", "while/Exit_2"], ("dtype", Type(DataType.DtFloat)), ("element_shape", Shape(2))));
        graph.Node.Add(Node("ys", "Identity", ["TensorArrayStack/TensorArrayGatherV3"], f));
        return graph;
    }

    /// <summary>
    /// Adds a TF1 while loop frame <c>{scope}/while_context</c> as tf.while_loop writes it: per loop variable k (suffix
    /// "" then _1, _2...) <c>{scope}/Enter_k</c> of <paramref name="initial"/>[k], <c>Merge_k</c>(Enter_k, NextIteration_k),
    /// <c>Switch_k</c>(Merge_k, LoopCond), <c>Identity_k</c>(Switch_k:1) (the body's value), <c>NextIteration_k</c> of
    /// <paramref name="next"/>[k] and <c>Exit_k</c>(Switch_k); <c>{scope}/LoopCond</c> of <paramref name="condition"/>, and
    /// <paramref name="nodes"/> (the cond's and body's nodes) in between.
    /// </summary>
    private static void AddLoop(GraphDef graph, string scope, (string Tensor, DataType Type)[] initial, string condition, NodeDef[] nodes, string[] next)
    {
        string Suffix(int k) => k == 0 ? string.Empty : $"_{k}";
        for (var k = 0; k < initial.Length; k++)
        {
            var t = ("T", Type(initial[k].Type));
            graph.Node.Add(Enter($"{scope}/Enter{Suffix(k)}", initial[k].Tensor, initial[k].Type, frame: $"{scope}/while_context"));
            graph.Node.Add(Node($"{scope}/Merge{Suffix(k)}", "Merge", [$"{scope}/Enter{Suffix(k)}", $"{scope}/NextIteration{Suffix(k)}"], t, ("N", new AttrValue { I = 2 })));
        }

        graph.Node.AddRange(nodes);
        graph.Node.Add(Node($"{scope}/LoopCond", "LoopCond", [condition]));
        for (var k = 0; k < initial.Length; k++)
        {
            var t = ("T", Type(initial[k].Type));
            graph.Node.Add(Node($"{scope}/Switch{Suffix(k)}", "Switch", [$"{scope}/Merge{Suffix(k)}", $"{scope}/LoopCond"], t));
            graph.Node.Add(Node($"{scope}/Identity{Suffix(k)}", "Identity", [$"{scope}/Switch{Suffix(k)}:1"], t));
            graph.Node.Add(Node($"{scope}/NextIteration{Suffix(k)}", "NextIteration", [next[k]], t));
            graph.Node.Add(Node($"{scope}/Exit{Suffix(k)}", "Exit", [$"{scope}/Switch{Suffix(k)}"], t));
        }
    }

    /// <summary><c>tf.shape(input)[0]</c> (Shape, StridedSlice with shrink_axis_mask 1); returns the StridedSlice's name.</summary>
    private static string AddLength(GraphDef graph, string input)
    {
        var i32 = ("T", Type(DataType.DtInt32));
        graph.Node.Add(Node("Shape", "Shape", [input], ("T", Type(DataType.DtFloat)), ("out_type", Type(DataType.DtInt32))));
        graph.Node.Add(Int32Tensor("strided_slice/stack", [0]));
        graph.Node.Add(Int32Tensor("strided_slice/stack_1", [1]));
        graph.Node.Add(Int32Tensor("strided_slice/stack_2", [1]));
        graph.Node.Add(Node(
            "strided_slice", "StridedSlice", ["Shape", "strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2"],
            i32, ("Index", Type(DataType.DtInt32)), ("begin_mask", new AttrValue { I = 0 }), ("end_mask", new AttrValue { I = 0 }),
            ("ellipsis_mask", new AttrValue { I = 0 }), ("new_axis_mask", new AttrValue { I = 0 }), ("shrink_axis_mask", new AttrValue { I = 1 })));
        return "strided_slice";
    }

    private static NodeDef Enter(string name, string input, DataType type, bool constant = false, string frame = "while/while_context") =>
        Node(
            name,
            "Enter",
            [input],
            ("T", Type(type)),
            ("frame_name", new AttrValue { S = ByteString.CopyFromUtf8(frame) }),
            ("is_constant", new AttrValue { B = constant }),
            ("parallel_iterations", new AttrValue { I = 10 }));

    private static string LearningPhase(GraphDef graph)
    {
        graph.Node.Add(BoolConst("keras_learning_phase/input", false));
        graph.Node.Add(Node("keras_learning_phase", "PlaceholderWithDefault", ["keras_learning_phase/input"], ("dtype", Type(DataType.DtBool)), ("shape", Shape())));
        return "keras_learning_phase";
    }

    private static void AddCond(GraphDef graph, string scope, string pred, string x)
    {
        var f = ("T", Type(DataType.DtFloat));
        var b = ("T", Type(DataType.DtBool));
        graph.Node.Add(Node($"{scope}/Switch", "Switch", [pred, pred], b));
        graph.Node.Add(Node($"{scope}/switch_t", "Identity", [$"{scope}/Switch:1"], b));
        graph.Node.Add(Node($"{scope}/switch_f", "Identity", [$"{scope}/Switch"], b));
        graph.Node.Add(Node($"{scope}/pred_id", "Identity", [pred], b));
        graph.Node.Add(Node($"{scope}/Switch_1", "Switch", [x, $"{scope}/pred_id"], f, ("_class", new AttrValue { List = new AttrValue.Types.ListValue { S = { ByteString.CopyFromUtf8("loc:@" + x) } } })));

        // True side (training): x - mean(x, axis 0).
        graph.Node.Add(Int32Const($"{scope}/Mean/reduction_indices", 0, $"^{scope}/switch_t"));
        graph.Node.Add(Node($"{scope}/Mean", "Mean", [$"{scope}/Switch_1:1", $"{scope}/Mean/reduction_indices"], f, ("Tidx", Type(DataType.DtInt32)), ("keep_dims", new AttrValue { B = true })));
        graph.Node.Add(Node($"{scope}/sub", "Sub", [$"{scope}/Switch_1:1", $"{scope}/Mean"], f));

        // False side (inference): x * 2 + 1.
        graph.Node.Add(FloatConst($"{scope}/mul/y", 2, $"^{scope}/switch_f"));
        graph.Node.Add(Node($"{scope}/mul", "Mul", [$"{scope}/Switch_1", $"{scope}/mul/y"], f));
        graph.Node.Add(FloatConst($"{scope}/add/y", 1, $"^{scope}/switch_f"));
        graph.Node.Add(Node($"{scope}/add", "AddV2", [$"{scope}/mul", $"{scope}/add/y"], f));

        graph.Node.Add(Node($"{scope}/Merge", "Merge", [$"{scope}/add", $"{scope}/sub"], f, ("N", new AttrValue { I = 2 })));
    }

    private static string Add(GraphDef graph, NodeDef node)
    {
        graph.Node.Add(node);
        return node.Name;
    }

    private static NodeDef BoolConst(string name, bool value) =>
        Node(name, "Const", [], ("dtype", Type(DataType.DtBool)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtBool, TensorShape = new TensorShapeProto(), BoolVal = { value } } }));

    private static NodeDef Int32Const(string name, int value, string? control) =>
        Node(name, "Const", control is null ? [] : [control], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto(), IntVal = { value } } }));

    private static NodeDef Int32Tensor(string name, int[] values) =>
        Node(name, "Const", [], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = Dims(values.Length), IntVal = { values } } }));

    private static NodeDef FloatTensor(string name, float[] values, params long[] dims) =>
        Node(name, "Const", [], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Dims(dims), FloatVal = { values } } }));

    private static NodeDef FloatConst(string name, float value, string control) =>
        Node(name, "Const", [control], ("dtype", Type(DataType.DtFloat)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtFloat, TensorShape = new TensorShapeProto(), FloatVal = { value } } }));

    private static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op };
        node.Input.AddRange(inputs);
        foreach (var (attribute, value) in attributes)
        {
            node.Attr[attribute] = value;
        }

        return node;
    }

    private static AttrValue Type(DataType type) => new() { Type = type };

    private static AttrValue Shape(params long[] dims) => new() { Shape = Dims(dims) };

    private static TensorShapeProto Dims(params long[] dims) => new() { Dim = { dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }) } };
}
