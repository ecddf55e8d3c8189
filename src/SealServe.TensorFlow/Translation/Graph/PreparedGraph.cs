using SealServe.TensorFlow.Translation.Rewriters;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>A graph after the rewriters, cut and pruned: the nodes to translate in dependency order.</summary>
/// <param name="Nodes">Needed nodes, inputs first.</param>
/// <param name="Cycle">A node on a cycle (TF1 control flow), or null.</param>
/// <param name="Cut">The fed tensors and the outputs.</param>
internal sealed record PreparedGraph(IReadOnlyList<TfNode> Nodes, string? Cycle, GraphCut Cut)
{
    /// <summary>The TF-level passes, in order.</summary>
    private static readonly IReadOnlyList<IGraphRewriter> Rewriters = [new FunctionInliner(), new TensorArrayRewriter(), new WhileLoopRewriter(), new CondRewriter()];

    public static PreparedGraph Prepare(TfGraph graph, GraphCut cut)
    {
        foreach (var rewriter in Rewriters)
        {
            rewriter.Rewrite(graph, cut);
        }

        var (nodes, cycle) = GraphWalk.Run(graph, cut);
        return new PreparedGraph([.. nodes.Select(n => new TfNode(n))], cycle, cut);
    }

    /// <summary>
    /// Prepares a function body (a loop or branch body) under <paramref name="prefix"/>: its arguments
    /// become the fed tensors <c>prefix/arg_name:0</c>, in signature order.
    /// </summary>
    public static (PreparedGraph Graph, IReadOnlyList<string> Arguments, IReadOnlyList<string> Returns) ForFunction(
        FunctionDef function,
        string prefix,
        IReadOnlyDictionary<string, FunctionDef> library,
        IReadOnlyDictionary<string, AttrValue>? attributes = null)
    {
        var arguments = function.Signature.InputArg.Select(a => TensorName.Of(prefix + a.Name, 0)).ToArray();
        var (nodes, returns) = FunctionBody.Instantiate(function, prefix, arguments, attributes, library);
        var graph = new TfGraph(nodes, library);
        var cut = new GraphCut(arguments.ToHashSet(StringComparer.Ordinal), returns);
        return (Prepare(graph, cut), arguments, returns);
    }
}
