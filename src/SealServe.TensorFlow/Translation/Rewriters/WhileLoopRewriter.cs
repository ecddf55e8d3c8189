using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>
/// TF1 <c>tf.while_loop</c> frames made TF2 <c>While</c> nodes, which <c>WhileTranslator</c> makes ONNX Loops. A frame is
/// the <c>Enter</c>s sharing a <c>frame_name</c>: each loop variable is Enter → Merge(Enter, NextIteration) → Switch(Merge,
/// LoopCond) → Identity (the body's input) and Exit (the result); an Enter with <c>is_constant</c> is a loop invariant. The
/// cond function is the subgraph from the Merges to LoopCond's input, the body function the one from the Switches' true
/// outputs to the NextIterations' inputs; both take (loop variables..., invariants...) and the body returns invariants
/// unchanged. Each Exit becomes an Identity of the While's output. Inner frames are rewritten first, so an outer body holds
/// their While nodes; a tf.cond in a body is left to <see cref="CondRewriter"/>, which runs after this on the bodies too.
/// <c>maximum_iterations</c> needs nothing here: TF1 writes it as a counter loop variable and a Less in the cond.
/// <c>parallel_iterations</c> only bounds TensorFlow's concurrency, not the result, and is carried over as is.
/// TensorArrays in a loop (dynamic_rnn) are TensorLists by then (<see cref="TensorArrayRewriter"/>); an invariant only a
/// TensorArray handle needed is not read, so not carried.
/// </summary>
internal sealed class WhileLoopRewriter : IGraphRewriter
{
    /// <summary>The ops this rewriter removes (with a loop's Switches and Merges).</summary>
    public static IReadOnlyList<string> LoopOps { get; } = ["Enter", "Exit", "LoopCond", "NextIteration"];

    public void Rewrite(TfGraph graph, GraphCut cut)
    {
        var pending = graph.Nodes.Where(n => n.Op is "Enter" or "RefEnter").Select(Frame).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        while (pending.Count > 0)
        {
            var loops = pending.Select(frame => Loop.Find(graph, cut, frame)).ToArray();
            var ready = loops.Where(l => l.InnerLoopNode is null).ToArray();
            if (ready.Length == 0)
            {
                throw ServingException.InvalidArgument($"TF1 while loop frames {string.Join(", ", pending.Select(f => $"'{f}'"))} contain each other's loop nodes; their nesting cannot be resolved.");
            }

            foreach (var loop in ready)
            {
                loop.ReplaceWithWhile(graph);
                pending.Remove(loop.Frame);
            }
        }
    }

    private static string Frame(NodeDef enter) =>
        enter.Attr.TryGetValue("frame_name", out var name) ? name.S.ToStringUtf8() : throw ServingException.InvalidArgument($"Enter node '{enter.Name}' has no frame_name.");

    private static ServingException Error(string frame, string message) =>
        ServingException.InvalidArgument($"Cannot translate the TF1 while loop (frame '{frame}'): {message}");

    private static IEnumerable<string> DataInputs(NodeDef node) => node.Input.Where(i => !TensorName.IsControl(i)).Select(TensorName.Normalize);

    private static Tensorflow.DataType Type(NodeDef node) =>
        node.Attr.TryGetValue("T", out var t) ? t.Type : node.Attr.TryGetValue("dtype", out var d) ? d.Type : Tensorflow.DataType.DtInvalid;

    /// <summary>One loop variable's nodes; <paramref name="Exit"/> is null when nothing reads the result.</summary>
    private sealed record Variable(NodeDef Enter, NodeDef Merge, NodeDef Switch, NodeDef NextIteration, NodeDef? Exit);

    /// <summary>One frame: its variables, its invariants, and its cond and body subgraphs.</summary>
    private sealed class Loop
    {
        private readonly List<(string Tensor, Tensorflow.DataType Type)> arguments = [];
        private readonly Dictionary<string, int> argumentOf = new(StringComparer.Ordinal); // a tensor inside the loop → the argument it is
        private readonly Dictionary<string, (string Outer, Tensorflow.DataType Type)> invariants = new(StringComparer.Ordinal); // by Enter output; arguments once read
        private Dictionary<string, NodeDef> condNodes = [];
        private Dictionary<string, NodeDef> bodyNodes = [];

        private Loop(string frame, IReadOnlyList<NodeDef> enters, IReadOnlyList<Variable> variables, NodeDef loopCond)
        {
            Frame = frame;
            Enters = enters;
            Variables = variables;
            LoopCond = loopCond;
        }

        public string Frame { get; }

        /// <summary>A loop node of another frame that the cond or body reach (that frame must be rewritten first), or null.</summary>
        public string? InnerLoopNode { get; private set; }

        private IReadOnlyList<NodeDef> Enters { get; }

        private IReadOnlyList<Variable> Variables { get; }

        private NodeDef LoopCond { get; }

        private string Predicate => DataInputs(LoopCond).Single();

        public static Loop Find(TfGraph graph, GraphCut cut, string frame)
        {
            var consumers = Consumers(graph);
            var enters = graph.Nodes.Where(n => n.Op is "Enter" or "RefEnter" && Frame(n) == frame).OrderBy(n => n.Name, StringComparer.Ordinal).ToArray();
            var invariants = enters.Where(e => e.Attr.TryGetValue("is_constant", out var constant) && constant.B).ToArray();
            var variables = enters.Except(invariants).Select(e => FindVariable(graph, consumers, frame, e)).ToArray();
            if (variables.Length == 0)
            {
                throw Error(frame, "it has no loop variable (every Enter is constant).");
            }

            var loopConds = variables.Select(v => TensorName.NodeOf(v.Switch.Input[1])).Distinct(StringComparer.Ordinal).ToArray();
            if (loopConds.Length != 1 || !graph.TryGet(loopConds[0], out var loopCond) || loopCond.Op != "LoopCond")
            {
                throw Error(frame, $"its Switches are not on one LoopCond ({string.Join(", ", loopConds)}).");
            }

            var loop = new Loop(frame, enters, variables, loopCond);
            for (var i = 0; i < variables.Length; i++)
            {
                loop.arguments.Add((TensorName.Normalize(variables[i].Enter.Input[0]), Type(variables[i].Enter)));
                loop.argumentOf[TensorName.Of(variables[i].Merge.Name, 0)] = i;
                loop.argumentOf[TensorName.Of(variables[i].Switch.Name, 1)] = i;
            }

            foreach (var invariant in invariants)
            {
                loop.invariants[TensorName.Of(invariant.Name, 0)] = (TensorName.Normalize(invariant.Input[0]), Type(invariant));
            }

            loop.condNodes = loop.Subgraph(graph, cut, [loop.Predicate]);
            loop.bodyNodes = loop.Subgraph(graph, cut, [.. variables.Select(v => TensorName.Normalize(v.NextIteration.Input[0]))]);
            return loop;
        }

        /// <summary>
        /// Adds the cond and body functions and the While node, turns each Exit into an Identity of its result, and removes the
        /// frame's other loop nodes (a graph prepared again finds no frame; the cond and body nodes left are unreachable).
        /// </summary>
        public void ReplaceWithWhile(TfGraph graph)
        {
            var name = Unique(Frame + "/While", graph.Contains);
            var cond = Function(Unique(Frame + "/cond", graph.Functions.ContainsKey), condNodes, [(Predicate, Tensorflow.DataType.DtBool)]);
            var bodyReturns = arguments.Select((a, i) => (i < Variables.Count ? TensorName.Normalize(Variables[i].NextIteration.Input[0]) : null, a.Type));
            var body = Function(Unique(Frame + "/body", graph.Functions.ContainsKey), bodyNodes, [.. bodyReturns]);
            graph.AddFunction(cond);
            graph.AddFunction(body);

            var node = new NodeDef { Name = name, Op = "While" };
            node.Input.AddRange(arguments.Select(a => a.Tensor));
            node.Attr["T"] = new AttrValue { List = new AttrValue.Types.ListValue { Type = { arguments.Select(a => a.Type) } } };
            node.Attr["cond"] = new AttrValue { Func = new NameAttrList { Name = cond.Signature.Name } };
            node.Attr["body"] = new AttrValue { Func = new NameAttrList { Name = body.Signature.Name } };
            if (Variables[0].Enter.Attr.TryGetValue("parallel_iterations", out var parallel))
            {
                node.Attr["parallel_iterations"] = parallel;
            }

            graph.Set(node);
            for (var i = 0; i < Variables.Count; i++)
            {
                if (Variables[i].Exit is { } exit)
                {
                    var identity = new NodeDef { Name = exit.Name, Op = "Identity", Input = { TensorName.Of(name, i) } };
                    identity.Attr["T"] = new AttrValue { Type = arguments[i].Type };
                    graph.Set(identity);
                }
            }

            foreach (var loopNode in Enters.Concat(Variables.SelectMany(v => new[] { v.Merge, v.Switch, v.NextIteration })).Append(LoopCond))
            {
                graph.Remove(loopNode.Name);
            }
        }

        private static Variable FindVariable(TfGraph graph, IReadOnlyDictionary<string, List<NodeDef>> consumers, string frame, NodeDef enter)
        {
            var merge = Consumer(consumers, enter.Name, 0, "Merge", "RefMerge")
                ?? throw Error(frame, $"its Enter '{enter.Name}' feeds no Merge.");
            var inputs = DataInputs(merge).ToArray();
            var nextName = inputs.Length == 2 ? TensorName.NodeOf(inputs[0]) == enter.Name ? inputs[1] : inputs[0] : null;
            if (nextName is null || !graph.TryGet(TensorName.NodeOf(nextName), out var next) || next.Op is not ("NextIteration" or "RefNextIteration"))
            {
                throw Error(frame, $"its Merge '{merge.Name}' is not Merge(Enter, NextIteration).");
            }

            var @switch = Consumer(consumers, merge.Name, 0, "Switch", "RefSwitch")
                ?? throw Error(frame, $"its Merge '{merge.Name}' feeds no Switch.");
            return new Variable(enter, merge, @switch, next, Consumer(consumers, @switch.Name, 0, "Exit", "RefExit"));
        }

        private static NodeDef? Consumer(IReadOnlyDictionary<string, List<NodeDef>> consumers, string producer, int index, params string[] ops) =>
            consumers.GetValueOrDefault(producer)?.FirstOrDefault(c => ops.Contains(c.Op) && DataInputs(c).Contains(TensorName.Of(producer, index)));

        private static Dictionary<string, List<NodeDef>> Consumers(TfGraph graph)
        {
            var consumers = new Dictionary<string, List<NodeDef>>(StringComparer.Ordinal);
            foreach (var node in graph.Nodes)
            {
                foreach (var input in DataInputs(node))
                {
                    var producer = TensorName.NodeOf(input);
                    if (!consumers.TryGetValue(producer, out var list))
                    {
                        consumers[producer] = list = [];
                    }

                    list.Add(node);
                }
            }

            return consumers;
        }

        /// <summary>
        /// The nodes computing <paramref name="outputs"/> from the loop's arguments. Values that only exist outside (fed
        /// tensors, placeholders) become extra invariant arguments; a loop node of another frame marks it as inner.
        /// </summary>
        private Dictionary<string, NodeDef> Subgraph(TfGraph graph, GraphCut cut, IEnumerable<string> outputs)
        {
            var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
            var pending = new Stack<string>(outputs);
            while (pending.TryPop(out var tensor))
            {
                if (argumentOf.ContainsKey(tensor))
                {
                    continue;
                }

                if (invariants.TryGetValue(tensor, out var invariant))
                {
                    argumentOf[tensor] = Invariant(invariant.Outer, invariant.Type);
                    continue;
                }

                if (!graph.TryGet(TensorName.NodeOf(tensor), out var node) || cut.IsFed(tensor) || (node.Op is not ("Const" or "Enter" or "RefEnter") && !DataInputs(node).Any()))
                {
                    argumentOf[tensor] = Invariant(tensor, node is null ? Tensorflow.DataType.DtInvalid : Type(node));
                    continue;
                }

                switch (node.Op)
                {
                    case "Exit" or "RefExit" or "Enter" or "RefEnter" when !node.Op.EndsWith("Enter", StringComparison.Ordinal) || Frame(node) != Frame:
                        InnerLoopNode ??= node.Name;
                        continue;
                    case "Merge" or "Switch" when Variables.Any(v => v.Merge.Name == node.Name || v.Switch.Name == node.Name):
                    case "NextIteration" or "RefNextIteration" or "LoopCond" or "Enter" or "RefEnter":
                        throw Error(Frame, $"node '{node.Name}' ({node.Op}) is reached where the loop's values are computed; the frame is not shaped as tf.while_loop writes it.");
                }

                if (nodes.TryAdd(node.Name, node))
                {
                    foreach (var input in DataInputs(node))
                    {
                        pending.Push(input);
                    }
                }
            }

            return nodes;
        }

        /// <summary>The argument (an invariant) for an outer tensor, added the first time it is read.</summary>
        private int Invariant(string tensor, Tensorflow.DataType type)
        {
            var index = arguments.FindIndex(Variables.Count, a => a.Tensor == tensor);
            if (index < 0)
            {
                arguments.Add((tensor, type));
                index = arguments.Count - 1;
            }

            return index;
        }

        /// <summary>
        /// A function of the loop's arguments over <paramref name="nodes"/> returning <paramref name="returns"/> (a null
        /// tensor returns the argument at that position unchanged).
        /// </summary>
        private FunctionDef Function(string name, IReadOnlyDictionary<string, NodeDef> nodes, IReadOnlyList<(string? Tensor, Tensorflow.DataType Type)> returns)
        {
            const string ArgumentName = "_arg"; // TF node names cannot start with '_': no clash with the body
            var function = new FunctionDef { Signature = new OpDef { Name = name } };
            for (var i = 0; i < arguments.Count; i++)
            {
                function.Signature.InputArg.Add(new OpDef.Types.ArgDef { Name = ArgumentName + i, Type = arguments[i].Type });
            }

            string? Argument(string tensor) => argumentOf.TryGetValue(tensor, out var index) ? ArgumentName + index : null;
            FunctionNodes.AddTo(function, nodes, Argument);
            for (var i = 0; i < returns.Count; i++)
            {
                function.Signature.OutputArg.Add(new OpDef.Types.ArgDef { Name = "output" + i, Type = returns[i].Type });
                function.Ret["output" + i] = returns[i].Tensor is { } tensor ? FunctionNodes.Reference(tensor, Argument) : ArgumentName + i;
            }

            return function;
        }

        private static string Unique(string name, Func<string, bool> taken)
        {
            var unique = name;
            for (var i = 1; taken(unique); i++)
            {
                unique = $"{name}_{i}";
            }

            return unique;
        }
    }
}
