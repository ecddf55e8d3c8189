using Google.Protobuf;
using Tensorflow;

namespace SealServe.TestKit;

/// <summary>
/// Frozen TF1 GraphDefs with control flow, shaped as TensorFlow 1.x writes them (no TensorFlow here to export them):
/// <c>tf.cond</c> as Keras' <c>in_train_phase</c> builds it on the learning phase, and a <c>tf.while_loop</c>.
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
        var frame = ("frame_name", new AttrValue { S = ByteString.CopyFromUtf8("while/while_context") });
        var t = ("T", Type(DataType.DtInt32));
        return new GraphDef
        {
            Node =
            {
                Node("x", "Placeholder", [], ("dtype", Type(DataType.DtInt32)), ("shape", Shape())),
                Int32Const("while/Less/y", 10, "^while/Merge"),
                Node("while/Enter", "Enter", ["x"], t, frame),
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

    private static NodeDef Int32Const(string name, int value, string control) =>
        Node(name, "Const", [control], ("dtype", Type(DataType.DtInt32)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt32, TensorShape = new TensorShapeProto(), IntVal = { value } } }));

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

    private static AttrValue Shape(params long[] dims) => new() { Shape = new TensorShapeProto { Dim = { dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }) } } };
}
