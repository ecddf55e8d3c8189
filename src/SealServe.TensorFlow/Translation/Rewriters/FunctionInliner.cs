using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Rewriters;

/// <summary>
/// Inlines the function calls the outputs need (<c>StatefulPartitionedCall</c>, <c>PartitionedCall</c>, or a
/// library function used as an op), nested calls included: the body joins the graph under
/// <c>call/</c>, and the call node becomes an <c>IdentityN</c> of the function's returns, so its
/// outputs keep their names (<c>call:0</c>, <c>call:1</c>...).
/// </summary>
internal sealed class FunctionInliner : IGraphRewriter
{
    /// <summary>The call ops this rewriter removes (they never reach a translator).</summary>
    public static IReadOnlyList<string> CallOps { get; } = ["PartitionedCall", "StatefulPartitionedCall"];

    /// <summary>More inlined calls than this is taken for recursion (TensorFlow has no recursive functions).</summary>
    private const int MaxCalls = 100_000;

    public static bool IsCall(NodeDef node, IReadOnlyDictionary<string, FunctionDef> functions) =>
        CallOps.Contains(node.Op) || functions.ContainsKey(node.Op);

    public void Rewrite(TfGraph graph, GraphCut cut)
    {
        var calls = 0;
        GraphWalk.Run(graph, cut, node =>
        {
            if (!IsCall(node, graph.Functions))
            {
                return node;
            }

            if (++calls > MaxCalls)
            {
                throw ServingException.InvalidArgument($"More than {MaxCalls} function calls to inline at '{node.Name}': is a function recursive?");
            }

            return Inline(graph, node).Call;
        });
    }

    /// <summary>Inlines one call: its body joins the graph, and the call node becomes an IdentityN of the returns. Returns both.</summary>
    public static (NodeDef Call, IReadOnlyList<NodeDef> Body) Inline(TfGraph graph, NodeDef call)
    {
        var (function, attributes) = Callee(graph, call);

        var prefix = UniquePrefix(graph, call.Name, function);
        var arguments = call.Input.Where(i => !TensorName.IsControl(i)).Select(TensorName.Normalize).ToArray();
        var (nodes, returns) = FunctionBody.Instantiate(function, prefix, arguments, attributes, graph.Functions);
        foreach (var node in nodes)
        {
            graph.Set(node);
        }

        var identity = new NodeDef { Name = call.Name, Op = "IdentityN" };
        identity.Input.AddRange(returns);
        var types = new AttrValue.Types.ListValue();
        types.Type.AddRange(function.Signature.OutputArg.Select(a => a.Type));
        identity.Attr["T"] = new AttrValue { List = types };
        graph.Set(identity);
        return (identity, nodes);
    }

    private static (FunctionDef Function, IReadOnlyDictionary<string, AttrValue>? Attributes) Callee(TfGraph graph, NodeDef call)
    {
        if (graph.Functions.TryGetValue(call.Op, out var direct))
        {
            return (direct, call.Attr);
        }

        var target = call.Attr.TryGetValue("f", out var f) ? f.Func : null;
        if (target is null || !graph.Functions.TryGetValue(target.Name, out var function))
        {
            throw ServingException.InvalidArgument($"Node '{call.Name}' ({call.Op}) calls function '{target?.Name}', which is not in the graph's function library.");
        }

        return (function, target.Attr);
    }

    private static string UniquePrefix(TfGraph graph, string callName, FunctionDef function)
    {
        for (var attempt = 0; ; attempt++)
        {
            var prefix = attempt == 0 ? callName + "/" : $"{callName}/_inlined{attempt}/";
            if (!function.NodeDef.Any(n => graph.Contains(prefix + n.Name)))
            {
                return prefix;
            }
        }
    }
}
