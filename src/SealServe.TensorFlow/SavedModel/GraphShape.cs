using SealServe.Core.Errors;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// The structural rules TensorFlow itself enforces when it imports a graph, checked once at read so the importer can
/// rely on them: node names unique within the graph and within each function, every function named once.
/// A graph that breaks them is INVALID_ARGUMENT naming the file and the name (fuzz/regressions/saved-model).
/// </summary>
internal static class GraphShape
{
    public static void ThrowIfMalformed(GraphDef graph, string file)
    {
        ThrowIfRepeated(graph.Node.Select(n => n.Name), file, "node", "the graph");
        var functions = graph.Library?.Function ?? [];
        foreach (var function in functions)
        {
            if (function.Signature is null)
            {
                throw ServingException.InvalidArgument($"{file}: a function of the graph's library has no signature.");
            }

            ThrowIfRepeated(function.NodeDef.Select(n => n.Name), file, "node", $"function '{function.Signature.Name}'");
        }

        ThrowIfRepeated(functions.Select(f => f.Signature.Name), file, "function", "the graph's library");
    }

    private static void ThrowIfRepeated(IEnumerable<string> names, string file, string what, string where)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            if (!seen.Add(name))
            {
                throw ServingException.InvalidArgument($"{file}: {what} name '{name}' appears more than once in {where}.");
            }
        }
    }
}
