using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>
/// TF1 <c>tf.cond</c> (<c>Switch</c> on a predicate, the two branches, <c>Merge</c>) made into what translators handle.
/// A predicate known at import (a constant, or an unfed <c>PlaceholderWithDefault</c> of one, such as Keras' learning
/// phase, which TF Serving never feeds) is folded with TensorFlow's dead-tensor semantics: the untaken Switch output is
/// dead, a node with a dead input (control inputs included) is dead, and a Merge forwards its one live input; Switches
/// and Merges become <c>IdentityN</c>s. A predicate known only at run time turns the Merge into a TF2 <c>If</c> whose
/// branch functions (added to the library) hold each side's nodes, the values entering through Switches as arguments.
/// A TF1 <c>while_loop</c>'s Switches and Merges are gone by then: <see cref="WhileLoopRewriter"/> runs first, and this
/// rewriter runs on its loop bodies (a tf.cond inside a loop) when they are translated.
/// </summary>
internal sealed class CondRewriter : IGraphRewriter
{
    /// <summary>The ops this rewriter removes (they never reach a translator).</summary>
    public static IReadOnlyList<string> CondOps { get; } = ["Merge", "Switch"];

    public void Rewrite(TfGraph graph, GraphCut cut)
    {
        if (!graph.Nodes.Any(n => n.Op == "Merge"))
        {
            return;
        }

        Fold(graph, cut);
        var (order, _) = GraphWalk.Run(graph, cut);
        foreach (var merge in order.Where(n => n.Op == "Merge"))
        {
            ToIf(graph, cut, merge);
        }
    }

    private static IEnumerable<string> DataInputs(NodeDef node) => node.Input.Where(i => !TensorName.IsControl(i)).Select(TensorName.Normalize);

    /// <summary>The predicate's value when it is known at import: a constant, through identities, unfed PlaceholderWithDefaults and LogicalNot.</summary>
    private static bool? StaticPredicate(TfGraph graph, GraphCut cut, string tensor)
    {
        for (var negate = false; ;)
        {
            tensor = graph.SkipIdentities(TensorName.Normalize(tensor));
            if (cut.IsFed(tensor) || !graph.TryGet(TensorName.NodeOf(tensor), out var node))
            {
                return null;
            }

            switch (node.Op)
            {
                case "Const" when node.Attr.TryGetValue("value", out var value) && value.Tensor.Dtype == Tensorflow.DataType.DtBool:
                    var values = TensorValue.FromTf(value.Tensor).ToInt64s();
                    return values.Length == 1 ? (values[0] != 0) ^ negate : null;
                case "PlaceholderWithDefault":
                    tensor = node.Input[0];
                    break;
                case "LogicalNot":
                    tensor = node.Input[0];
                    negate = !negate;
                    break;
                default:
                    return null;
            }
        }
    }

    /// <summary>Folds every Switch whose predicate is known at import, and the Merges that then have one live input.</summary>
    private static void Fold(TfGraph graph, GraphCut cut)
    {
        var nodes = graph.Nodes.ToArray();
        var folded = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var node in nodes.Where(n => n.Op is "Switch" or "RefSwitch" && n.Input.Count >= 2))
        {
            if (StaticPredicate(graph, cut, node.Input[1]) is { } taken)
            {
                folded[node.Name] = taken;
            }
        }

        if (folded.Count == 0)
        {
            return;
        }

        var dead = DeadNodes(nodes, folded);
        bool IsDead(string tensor)
        {
            var (name, index) = TensorName.Parse(tensor);
            return dead.Contains(name) || (folded.TryGetValue(name, out var taken) && index != (taken ? 1 : 0));
        }

        foreach (var merge in nodes.Where(n => n.Op is "Merge" or "RefMerge"))
        {
            var inputs = DataInputs(merge).ToArray();
            var live = Enumerable.Range(0, inputs.Length).Where(i => !IsDead(inputs[i])).ToArray();
            if (live.Length == 1 && inputs.Length > 1 && !dead.Contains(merge.Name))
            {
                var valueIndex = Int32Const(merge.Name + "/_value_index", live[0]);
                graph.Set(valueIndex);
                graph.Set(IdentityN(merge.Name, [inputs[live[0]], TensorName.Of(valueIndex.Name, 0)], [Type(merge, "T"), Tensorflow.DataType.DtInt32]));
            }
        }

        foreach (var (name, _) in folded)
        {
            graph.TryGet(name, out var node);
            var data = TensorName.Normalize(node.Input[0]);
            graph.Set(IdentityN(name, [data, data], [Type(node, "T"), Type(node, "T")]));
        }
    }

    /// <summary>The nodes dead when the folded Switches' untaken outputs are: any input dead (a Merge: all of them).</summary>
    private static HashSet<string> DeadNodes(IReadOnlyList<NodeDef> nodes, IReadOnlyDictionary<string, bool> folded)
    {
        var consumers = new Dictionary<string, List<NodeDef>>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            foreach (var input in node.Input)
            {
                var producer = TensorName.NodeOf(input);
                if (!consumers.TryGetValue(producer, out var list))
                {
                    consumers[producer] = list = [];
                }

                list.Add(node);
            }
        }

        var dead = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Queue<NodeDef>(folded.Keys.SelectMany(s => consumers.GetValueOrDefault(s) ?? []));
        while (pending.TryDequeue(out var node))
        {
            if (dead.Contains(node.Name) || !IsDead(node))
            {
                continue;
            }

            dead.Add(node.Name);
            foreach (var consumer in consumers.GetValueOrDefault(node.Name) ?? [])
            {
                pending.Enqueue(consumer);
            }
        }

        return dead;

        bool IsDead(NodeDef node)
        {
            bool DeadInput(string input)
            {
                var (name, index) = TensorName.Parse(input);
                return dead.Contains(name)
                    || (!TensorName.IsControl(input) && folded.TryGetValue(name, out var taken) && index != (taken ? 1 : 0));
            }

            return node.Op is "Merge" or "RefMerge"
                ? node.Input.Where(i => !TensorName.IsControl(i)).All(DeadInput)
                : node.Input.Any(DeadInput);
        }
    }

    /// <summary>Turns a Merge whose predicate is known only at run time into a TF2 <c>If</c> over functions made of its two sides.</summary>
    private static void ToIf(TfGraph graph, GraphCut cut, NodeDef merge)
    {
        var inputs = DataInputs(merge).ToArray();
        if (inputs.Length != 2)
        {
            throw Error(merge, $"it has {inputs.Length} inputs; a tf.cond's Merge has two.");
        }

        var sides = inputs.Select(i => SwitchPorts(graph, cut, i)).ToArray();
        var predicates = sides.SelectMany(s => s.Keys).Distinct(StringComparer.Ordinal)
            .Where(p => sides[0].GetValueOrDefault(p) is { Count: 1 } a && sides[1].GetValueOrDefault(p) is { Count: 1 } b && a.Single() != b.Single())
            .ToArray();
        if (predicates.Length != 1)
        {
            throw Error(merge, "its inputs do not come from the two sides of Switches on one predicate (a tf.cond).");
        }

        var predicate = predicates[0];
        var thenSide = sides[0][predicate].Single() == 1 ? 0 : 1;
        var entering = new Dictionary<string, string>(StringComparer.Ordinal);
        var arguments = new List<(string Tensor, Tensorflow.DataType Type)>();
        var thenBody = Branch(graph, cut, merge, predicate, inputs[thenSide], entering, arguments);
        var elseBody = Branch(graph, cut, merge, predicate, inputs[1 - thenSide], entering, arguments);

        var outputTypes = new[] { Type(merge, "T"), Tensorflow.DataType.DtInt32 };
        var thenFunction = Function(merge.Name + "/cond_true", thenBody, inputs[thenSide], thenSide, entering, arguments, outputTypes);
        var elseFunction = Function(merge.Name + "/cond_false", elseBody, inputs[1 - thenSide], 1 - thenSide, entering, arguments, outputTypes);
        graph.AddFunction(thenFunction);
        graph.AddFunction(elseFunction);

        var node = new NodeDef { Name = merge.Name, Op = "If" };
        node.Input.Add(predicate);
        node.Input.AddRange(arguments.Select(a => a.Tensor));
        node.Attr["Tcond"] = new AttrValue { Type = Tensorflow.DataType.DtBool };
        node.Attr["Tin"] = Types(arguments.Select(a => a.Type));
        node.Attr["Tout"] = Types(outputTypes);
        node.Attr["then_branch"] = new AttrValue { Func = new NameAttrList { Name = thenFunction.Signature.Name } };
        node.Attr["else_branch"] = new AttrValue { Func = new NameAttrList { Name = elseFunction.Signature.Name } };
        graph.Set(node);
    }

    /// <summary>The Switches (predicate → output ports) one side of a Merge depends on, through data and control inputs.</summary>
    private static Dictionary<string, HashSet<int>> SwitchPorts(TfGraph graph, GraphCut cut, string tensor)
    {
        var ports = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([tensor]);
        while (pending.TryPop(out var reference))
        {
            if (cut.IsFed(TensorName.Normalize(reference)) || !graph.TryGet(TensorName.NodeOf(reference), out var node))
            {
                continue;
            }

            if (node.Op is "Switch" or "RefSwitch")
            {
                if (!TensorName.IsControl(reference) && node.Input.Count >= 2)
                {
                    var predicate = graph.SkipIdentities(TensorName.Normalize(node.Input[1]));
                    if (!ports.TryGetValue(predicate, out var set))
                    {
                        ports[predicate] = set = [];
                    }

                    set.Add(TensorName.Parse(reference).Index);
                }

                continue;
            }

            if (visited.Add(node.Name) && node.Op is not ("Merge" or "Enter" or "NextIteration"))
            {
                foreach (var input in node.Input)
                {
                    pending.Push(input);
                }
            }
        }

        return ports;
    }

    /// <summary>
    /// The nodes one side computes from <paramref name="output"/> back to the values it reads from outside: Switches on
    /// <paramref name="predicate"/> (their data inputs), fed tensors, and values that only exist outside (placeholders,
    /// variables). Those become the If's arguments; <paramref name="entering"/> maps each reference to them to its outer value.
    /// </summary>
    private static Dictionary<string, NodeDef> Branch(
        TfGraph graph,
        GraphCut cut,
        NodeDef merge,
        string predicate,
        string output,
        Dictionary<string, string> entering,
        List<(string Tensor, Tensorflow.DataType Type)> arguments)
    {
        var body = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        var pending = new Stack<string>([output]);
        while (pending.TryPop(out var tensor))
        {
            if (Outside(graph, cut, predicate, tensor) is { } outside)
            {
                entering[tensor] = outside.Tensor;
                if (!arguments.Any(a => a.Tensor == outside.Tensor))
                {
                    arguments.Add(outside);
                }

                continue;
            }

            var node = graph.TryGet(TensorName.NodeOf(tensor), out var found) ? found : throw ServingException.InvalidArgument($"Tensor '{tensor}' names no node of the graph.");
            if (node.Op is "Switch" or "RefSwitch")
            {
                throw Error(merge, $"its branch goes through Switch '{node.Name}' on another predicate that no Merge ends.");
            }

            if (body.TryAdd(node.Name, node))
            {
                foreach (var input in DataInputs(node))
                {
                    pending.Push(input);
                }
            }
        }

        return body;
    }

    /// <summary>The outer value <paramref name="tensor"/> stands for when a branch reads it from outside; else null.</summary>
    private static (string Tensor, Tensorflow.DataType Type)? Outside(TfGraph graph, GraphCut cut, string predicate, string tensor)
    {
        if (cut.IsFed(tensor) || !graph.TryGet(TensorName.NodeOf(tensor), out var node))
        {
            return (tensor, Tensorflow.DataType.DtInvalid);
        }

        if (node.Op is "Switch" or "RefSwitch" && node.Input.Count >= 2 && graph.SkipIdentities(TensorName.Normalize(node.Input[1])) == predicate)
        {
            return (TensorName.Normalize(node.Input[0]), Type(node, "T"));
        }

        var sourceOnly = node.Op == "PlaceholderWithDefault" || (node.Op != "Const" && !DataInputs(node).Any());
        return sourceOnly ? (tensor, Tensorflow.DataType.DtInvalid) : null;
    }

    /// <summary>One branch as a function: the If's arguments, the side's nodes (references in function form), the value and the Merge's value_index.</summary>
    private static FunctionDef Function(
        string name,
        IReadOnlyDictionary<string, NodeDef> body,
        string output,
        int valueIndex,
        IReadOnlyDictionary<string, string> entering,
        IReadOnlyList<(string Tensor, Tensorflow.DataType Type)> arguments,
        IReadOnlyList<Tensorflow.DataType> outputTypes)
    {
        const string ValueIndexNode = "_value_index"; // TF node names cannot start with '_': no clash with the body
        var function = new FunctionDef { Signature = new OpDef { Name = name } };
        var argumentNames = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            argumentNames[arguments[i].Tensor] = "_arg" + i;
            function.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = "_arg" + i, Type = arguments[i].Type });
        }

        string? Argument(string tensor) => entering.TryGetValue(tensor, out var outer) ? argumentNames[outer] : null;
        FunctionNodes.AddTo(function, body, Argument);
        function.NodeDef.Add(Int32Const(ValueIndexNode, valueIndex));
        function.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "output", Type = outputTypes[0] });
        function.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "value_index", Type = outputTypes[1] });
        function.Ret["output"] = FunctionNodes.Reference(TensorName.Normalize(output), Argument);
        function.Ret["value_index"] = $"{ValueIndexNode}:{OpOutputArgs.FlatArg}:0";
        return function;
    }

    private static NodeDef Int32Const(string name, int value)
    {
        var node = new NodeDef { Name = name, Op = "Const" };
        var proto = new TensorProto { Dtype = Tensorflow.DataType.DtInt32, TensorShape = new TensorShapeProto() };
        proto.IntVal.Add(value);
        node.Attr["dtype"] = new AttrValue { Type = Tensorflow.DataType.DtInt32 };
        node.Attr["value"] = new AttrValue { Tensor = proto };
        return node;
    }

    private static NodeDef IdentityN(string name, IReadOnlyList<string> inputs, IReadOnlyList<Tensorflow.DataType> types)
    {
        var node = new NodeDef { Name = name, Op = "IdentityN" };
        node.Input.AddRange(inputs);
        node.Attr["T"] = Types(types);
        return node;
    }

    private static AttrValue Types(IEnumerable<Tensorflow.DataType> types)
    {
        var list = new AttrValue.Types.ListValue();
        list.Type.AddRange(types);
        return new AttrValue { List = list };
    }

    private static Tensorflow.DataType Type(NodeDef node, string attribute) =>
        node.Attr.TryGetValue(attribute, out var value) ? value.Type : Tensorflow.DataType.DtInvalid;

    private static ServingException Error(NodeDef node, string message) =>
        ServingException.InvalidArgument($"Cannot translate node '{node.Name}' ({node.Op}): {message}");
}
