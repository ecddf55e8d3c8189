using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Rejects graphs whose signatures change variables (<c>Assign</c>, <c>AssignAdd</c>, <c>AssignVariableOp</c>...).
/// SealServe turns variables into constants fixed at load, so such a signature would silently not change
/// anything between requests; failing the load says so instead (e.g. TF Serving's <c>saved_model_counter</c>).
/// </summary>
public static class StatefulGraphCheck
{
    private static readonly HashSet<string> MutatingOps = new(
    [
        "Assign", "AssignAdd", "AssignSub", "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
        "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterNdUpdate", "ScatterNdAdd",
        "ResourceScatterUpdate", "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterMul", "ResourceScatterDiv",
        "ResourceScatterNdUpdate", "ResourceScatterNdAdd", "ResourceApplyGradientDescent", "ApplyGradientDescent",
    ], StringComparer.Ordinal);

    /// <summary>Throws UNIMPLEMENTED naming the signature, op and node when a signature (other than the init op) mutates state.</summary>
    public static void ThrowIfStateful(MetaGraphDef metaGraph, string modelName)
    {
        var functions = metaGraph.GraphDef.Library?.Function.ToDictionary(f => f.Signature.Name, StringComparer.Ordinal) ?? [];
        var nodes = metaGraph.GraphDef.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var (key, def) in metaGraph.SignatureDef.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (key == SignatureDefs.InitOpKey)
            {
                continue;
            }

            var fed = def.Inputs.Values.Select(i => TensorName.NodeOf(SignatureDefs.TensorName(i))).ToHashSet(StringComparer.Ordinal);
            var starts = def.Outputs.Values.Select(o => TensorName.NodeOf(SignatureDefs.TensorName(o)));
            if (FindMutation(starts, fed, nodes, functions) is { } found)
            {
                throw ServingException.Unimplemented(
                    $"Model {modelName}: signature '{key}' changes variable state ({found.Op} at node '{found.Name}'). " +
                    "SealServe serves variables as constants fixed at load, so stateful models are not supported.");
            }
        }
    }

    private static NodeDef? FindMutation(IEnumerable<string> starts, HashSet<string> fed, Dictionary<string, NodeDef> nodes, Dictionary<string, FunctionDef> functions)
    {
        var pending = new Stack<string>(starts);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var seenFunctions = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var name = pending.Pop();
            if (!seen.Add(name) || fed.Contains(name) || !nodes.TryGetValue(name, out var node))
            {
                continue;
            }

            if (FindInNode(node, functions, seenFunctions) is { } found)
            {
                return found;
            }

            // Control inputs run too, so a mutation behind a control dependency counts.
            foreach (var input in node.Input)
            {
                pending.Push(TensorName.NodeOf(input));
            }
        }

        return null;
    }

    /// <summary>The node itself, or any node of a function it calls (every function-valued attribute, recursively).</summary>
    private static NodeDef? FindInNode(NodeDef node, Dictionary<string, FunctionDef> functions, HashSet<string> seenFunctions)
    {
        if (MutatingOps.Contains(node.Op))
        {
            return node;
        }

        foreach (var attr in node.Attr.Values)
        {
            IEnumerable<NameAttrList> called = attr.Func is { } f ? [f] : attr.List?.Func ?? (IEnumerable<NameAttrList>)[];
            foreach (var call in called)
            {
                if (seenFunctions.Add(call.Name) && functions.TryGetValue(call.Name, out var function))
                {
                    foreach (var inner in function.NodeDef)
                    {
                        if (FindInNode(inner, functions, seenFunctions) is { } found)
                        {
                            return found;
                        }
                    }
                }
            }
        }

        return null;
    }
}
