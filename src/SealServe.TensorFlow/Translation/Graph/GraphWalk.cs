using SealServe.Core.Errors;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>
/// The nodes the outputs of a <see cref="GraphCut"/> need, in dependency order (inputs first): data inputs
/// only (control inputs only order side effects), stopping at fed tensors.
/// </summary>
internal static class GraphWalk
{
    /// <summary>Visits the needed nodes depth first; <paramref name="visit"/> may replace a node in the graph before its inputs are followed.</summary>
    /// <returns>The needed nodes in dependency order, and a node on a cycle when there is one.</returns>
    public static (IReadOnlyList<NodeDef> Nodes, string? Cycle) Run(TfGraph graph, GraphCut cut, Func<NodeDef, NodeDef>? visit = null)
    {
        var order = new List<NodeDef>();
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: in progress, true: done
        string? cycle = null;
        var stack = new Stack<(NodeDef Node, int NextInput)>();

        foreach (var output in cut.Outputs)
        {
            if (cut.IsFed(output))
            {
                continue;
            }

            Push(TensorName.NodeOf(output), output);
            while (stack.Count > 0)
            {
                var (node, next) = stack.Pop();
                if (next < node.Input.Count)
                {
                    stack.Push((node, next + 1));
                    var input = node.Input[next];
                    if (!TensorName.IsControl(input) && !cut.IsFed(TensorName.Normalize(input)))
                    {
                        Push(TensorName.NodeOf(input), input);
                    }

                    continue;
                }

                state[node.Name] = true;
                order.Add(node);
            }
        }

        return (order, cycle);

        void Push(string name, string reference)
        {
            if (state.TryGetValue(name, out var done))
            {
                if (!done)
                {
                    cycle ??= name;
                }

                return;
            }

            if (!graph.TryGet(name, out var node))
            {
                throw ServingException.InvalidArgument($"Tensor '{reference}' names no node of the graph.");
            }

            if (visit is not null)
            {
                node = visit(node);
            }

            state[name] = false;
            stack.Push((node, 0));
        }
    }
}
