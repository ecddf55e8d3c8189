using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Finds every op type that cannot run in a prepared graph, and in the loop and branch bodies its nodes run: sorted by
/// op type, each with its count and the first node (in dependency order) that uses it. An op runs when it has a
/// translator, or (with <c>kernels</c>, and outside loop and branch bodies, which are ONNX subgraphs) a host kernel.
/// </summary>
internal static class OpSupport
{
    public static IReadOnlyList<UnsupportedOp> FindUnsupported(PreparedGraph graph, OpTranslatorRegistry registry, IReadOnlyDictionary<string, FunctionDef> library, KernelRegistry? kernels = null)
    {
        var found = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        var order = new List<string>();
        Scan(graph, registry, kernels, library, found, order, new HashSet<string>(StringComparer.Ordinal));
        return [.. order.Order(StringComparer.Ordinal).Select(op => new UnsupportedOp(op, found[op].Count, found[op].First))];
    }

    private static void Scan(
        PreparedGraph graph,
        OpTranslatorRegistry registry,
        KernelRegistry? kernels,
        IReadOnlyDictionary<string, FunctionDef> library,
        Dictionary<string, (int Count, string First)> found,
        List<string> order,
        HashSet<string> scannedFunctions)
    {
        foreach (var node in graph.Nodes)
        {
            if (!registry.IsSupported(node.Op) && kernels?.IsSupported(node.Op) != true)
            {
                if (found.TryGetValue(node.Op, out var seen))
                {
                    found[node.Op] = (seen.Count + 1, seen.First);
                }
                else
                {
                    found[node.Op] = (1, node.Name);
                    order.Add(node.Op);
                }

                continue;
            }

            foreach (var (attribute, function) in CalledFunctions(node, library))
            {
                if (scannedFunctions.Add(function.Signature.Name))
                {
                    var body = PreparedGraph.ForFunction(function, $"{node.Name}/{attribute}/", library).Graph;
                    Scan(body, registry, kernels: null, library, found, order, scannedFunctions);
                }
            }
        }
    }

    /// <summary>The library functions a node's attributes name (While cond/body, If branches...).</summary>
    public static IEnumerable<(string Attribute, FunctionDef Function)> CalledFunctions(TfNode node, IReadOnlyDictionary<string, FunctionDef> library)
    {
        foreach (var (name, value) in node.Definition.Attr)
        {
            if (value.ValueCase == AttrValue.ValueOneofCase.Func && library.TryGetValue(value.Func.Name, out var function))
            {
                yield return (name, function);
            }
        }
    }
}
