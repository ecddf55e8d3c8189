using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Finds which checkpoint key fills which variable by reading the SavedModel's own restore op
/// (<c>saver_def.restore_op_name</c>), the op TensorFlow Serving runs at load: TF1 graphs wire
/// <c>Assign(variable, RestoreV2:i)</c> in the graph itself, TF2 graphs call a <c>__inference__traced_restore</c>
/// function with the <c>VarHandleOp</c>s as arguments and <c>AssignVariableOp(arg, RestoreV2:i)</c> inside.
/// Following that wiring needs no naming convention, so it works for TF1 name-based keys and TF2
/// object-graph keys (<c>layer/kernel/.ATTRIBUTES/VARIABLE_VALUE</c>) alike.
/// </summary>
internal static class RestoreWiring
{
    private static readonly HashSet<string> VariableOps = new(["VariableV2", "Variable", "VarHandleOp"], StringComparer.Ordinal);

    /// <summary>Variable node name (top-level graph) → checkpoint key.</summary>
    public static Dictionary<string, string> Map(MetaGraphDef metaGraph)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var restoreOp = metaGraph.SaverDef?.RestoreOpName;
        if (string.IsNullOrEmpty(restoreOp))
        {
            return map;
        }

        var functions = metaGraph.GraphDef.Library?.Function.ToDictionary(f => f.Signature.Name, StringComparer.Ordinal)
            ?? new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        var top = Scope.ForGraph(metaGraph.GraphDef);
        var pending = new Stack<(Scope Scope, string Node)>();
        var seen = new HashSet<(Scope, string)>();
        pending.Push((top, TensorName.NodeOf(restoreOp)));
        while (pending.Count > 0)
        {
            var (scope, name) = pending.Pop();
            if (!seen.Add((scope, name)) || !scope.Nodes.TryGetValue(name, out var node))
            {
                continue;
            }

            if (node.Op is "Assign" or "AssignVariableOp" && node.Input.Count >= 2)
            {
                Record(map, scope, node);
            }

            if (node.Attr.TryGetValue("f", out var f) && f.Func is { } call && functions.TryGetValue(call.Name, out var function))
            {
                var body = Scope.ForFunction(function, scope, node);
                foreach (var inner in function.NodeDef)
                {
                    pending.Push((body, inner.Name));
                }
            }

            foreach (var input in node.Input)
            {
                var (inputNode, _, _) = scope.Split(input);
                pending.Push((scope, inputNode));
            }
        }

        return map;
    }

    private static void Record(Dictionary<string, string> map, Scope scope, NodeDef assign)
    {
        var variable = Trace(scope, assign.Input[0]);
        var value = Trace(scope, assign.Input[1]);
        if (variable is not { Node.Op: var op } target || !VariableOps.Contains(op) || target.Scope.Parent is not null
            || value is not { Node.Op: "RestoreV2" } restore || restore.Node.Input.Count < 2)
        {
            return;
        }

        var names = Trace(restore.Scope, restore.Node.Input[1]);
        if (names is { Node.Op: "Const" } && names.Value.Node.Attr.TryGetValue("value", out var tensor)
            && restore.Index < tensor.Tensor.StringVal.Count)
        {
            map.TryAdd(target.Node.Name, tensor.Tensor.StringVal[restore.Index].ToStringUtf8());
        }
    }

    /// <summary>Follows Identity ops and function arguments back to the node producing <paramref name="input"/>.</summary>
    private static (Scope Scope, NodeDef Node, int Index)? Trace(Scope scope, string input)
    {
        for (var hops = 0; hops < 1000; hops++)
        {
            var (name, _, index) = scope.Split(input);
            if (scope.Arguments.TryGetValue(name, out var bound))
            {
                (scope, input) = bound;
                continue;
            }

            if (!scope.Nodes.TryGetValue(name, out var node))
            {
                return null;
            }

            if (node.Op == "Identity" && node.Input.Count > 0)
            {
                input = node.Input[0];
                continue;
            }

            return (scope, node, index);
        }

        return null;
    }

    /// <summary>The top-level graph or one call of a function, with its arguments bound to the caller's inputs.</summary>
    private sealed class Scope
    {
        private Scope(Dictionary<string, NodeDef> nodes, Dictionary<string, (Scope, string)> arguments, Scope? parent)
        {
            Nodes = nodes;
            Arguments = arguments;
            Parent = parent;
        }

        public Dictionary<string, NodeDef> Nodes { get; }

        public Dictionary<string, (Scope Scope, string Input)> Arguments { get; }

        public Scope? Parent { get; }

        public static Scope ForGraph(GraphDef graph) =>
            new(graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal), [], null);

        public static Scope ForFunction(FunctionDef function, Scope caller, NodeDef call)
        {
            var arguments = new Dictionary<string, (Scope, string)>(StringComparer.Ordinal);
            var dataInputs = call.Input.Where(i => !TensorName.IsControl(i)).ToArray();
            for (var i = 0; i < function.Signature.InputArg.Count && i < dataInputs.Length; i++)
            {
                arguments[function.Signature.InputArg[i].Name] = (caller, dataInputs[i]);
            }

            var nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
            foreach (var node in function.NodeDef)
            {
                nodes[node.Name] = node;
            }

            return new Scope(nodes, arguments, caller);
        }

        /// <summary>
        /// Splits an input reference: <c>node:2</c> / <c>^node</c> in graphs; <c>node:out_arg:2</c> or an argument
        /// name in function bodies. The index counts within the named output list, which is the flat index for
        /// single-list outputs such as RestoreV2's <c>tensors</c>.
        /// </summary>
        public (string Node, string? OutputArg, int Index) Split(string input)
        {
            var name = input.TrimStart('^');
            var parts = name.Split(':');
            return parts.Length switch
            {
                3 => (parts[0], parts[1], int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture)),
                2 when Parent is null => (parts[0], null, int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)),
                _ => (Parent is null ? TensorName.NodeOf(name) : parts[0], null, 0),
            };
        }
    }
}
