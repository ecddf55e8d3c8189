using Onnx;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>Removes nodes and initializers no graph output depends on (subgraph references to outer values count).</summary>
internal sealed class DeadNodeElimination : IOnnxOptimizer
{
    public void Optimize(TranslationContext context)
    {
        var graph = context.Graph;
        var live = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var kept = new List<NodeProto>();
        for (var i = graph.Node.Count - 1; i >= 0; i--)
        {
            var node = graph.Node[i];
            if (!node.Output.Any(live.Contains))
            {
                continue;
            }

            kept.Add(node);
            live.UnionWith(node.Input);
            live.UnionWith(SubgraphReferences(node));
        }

        kept.Reverse();
        graph.Node.Clear();
        graph.Node.AddRange(kept);
        var initializers = graph.Initializer.Where(t => live.Contains(t.Name)).ToArray();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(initializers);
    }

    /// <summary>Every name a node's subgraphs (loop and branch bodies) read, at any depth; outer values among them must stay.</summary>
    private static IEnumerable<string> SubgraphReferences(NodeProto node) =>
        node.Attribute.Where(a => a.G is not null).Select(a => a.G).Concat(node.Attribute.SelectMany(a => a.Graphs))
            .SelectMany(g => g.Node.SelectMany(n => n.Input.Concat(SubgraphReferences(n))));
}
