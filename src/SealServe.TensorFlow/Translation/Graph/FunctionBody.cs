using SealServe.Core.Errors;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>
/// Instantiates a library function as graph nodes: names get a prefix, argument references become the
/// caller's tensors, and function-style references (<c>node:arg_name:index</c>) become graph ones (<c>node:k</c>).
/// </summary>
internal static class FunctionBody
{
    /// <param name="function">The function.</param>
    /// <param name="prefix">Prepended to every body node name (e.g. <c>call/</c>).</param>
    /// <param name="arguments">The tensor fed to each input arg, in signature order (graph form, <c>node:k</c>).</param>
    /// <param name="attributes">The call's attribute values for attrs the body refers to by placeholder.</param>
    /// <param name="library">Functions, to size the outputs of direct function calls inside the body.</param>
    /// <returns>The renamed nodes, and the tensors the function returns in output-arg order.</returns>
    public static (IReadOnlyList<NodeDef> Nodes, IReadOnlyList<string> Returns) Instantiate(
        FunctionDef function,
        string prefix,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, AttrValue>? attributes,
        IReadOnlyDictionary<string, FunctionDef> library)
    {
        var signature = function.Signature;
        if (arguments.Count != signature.InputArg.Count)
        {
            throw ServingException.InvalidArgument($"Function '{signature.Name}' takes {signature.InputArg.Count} arguments, the call passes {arguments.Count}.");
        }

        var argumentMap = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < arguments.Count; i++)
        {
            argumentMap[signature.InputArg[i].Name] = arguments[i];
        }

        var bodyNodes = function.NodeDef.ToDictionary(n => n.Name, StringComparer.Ordinal);
        string Resolve(string reference) => ResolveReference(reference, prefix, argumentMap, bodyNodes, library, signature.Name);

        var nodes = new List<NodeDef>(function.NodeDef.Count);
        foreach (var bodyNode in function.NodeDef)
        {
            var node = bodyNode.Clone();
            node.Name = prefix + bodyNode.Name;
            node.Input.Clear();
            node.Input.AddRange(bodyNode.Input.Select(Resolve));
            ResolvePlaceholders(node, attributes);
            nodes.Add(node);
        }

        var returns = signature.OutputArg.Select(arg => function.Ret.TryGetValue(arg.Name, out var reference)
            ? Resolve(reference)
            : throw ServingException.InvalidArgument($"Function '{signature.Name}' does not return its output '{arg.Name}'.")).ToArray();
        return (nodes, returns);
    }

    private static string ResolveReference(
        string reference,
        string prefix,
        Dictionary<string, string> arguments,
        Dictionary<string, NodeDef> bodyNodes,
        IReadOnlyDictionary<string, FunctionDef> library,
        string functionName)
    {
        if (TensorName.IsControl(reference))
        {
            var target = reference[1..];
            return arguments.TryGetValue(target, out var argument) ? "^" + TensorName.NodeOf(argument) : "^" + prefix + target;
        }

        var parts = reference.Split(':');
        if (arguments.TryGetValue(parts[0], out var tensor))
        {
            return parts.Length == 1 || parts[^1] == "0" ? tensor : throw ServingException.Unimplemented($"Function '{functionName}' indexes its list argument '{reference}'.");
        }

        if (!bodyNodes.TryGetValue(parts[0], out var producer))
        {
            throw ServingException.InvalidArgument($"Function '{functionName}' refers to '{reference}', which is neither an argument nor a node.");
        }

        var index = parts.Length == 3 ? int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) : 0;
        var argName = parts.Length >= 2 ? parts[1] : string.Empty;
        var functionOutputs = library.TryGetValue(producer.Op, out var called) ? called.Signature.OutputArg.Select(a => a.Name).ToArray() : null;
        return TensorName.Of(prefix + producer.Name, OpOutputArgs.FlatIndex(producer, argName, index, functionOutputs));
    }

    private static void ResolvePlaceholders(NodeDef node, IReadOnlyDictionary<string, AttrValue>? attributes)
    {
        foreach (var (name, value) in node.Attr.ToArray())
        {
            if (value.ValueCase == AttrValue.ValueOneofCase.Placeholder)
            {
                node.Attr[name] = attributes is not null && attributes.TryGetValue(value.Placeholder, out var bound)
                    ? bound
                    : throw ServingException.InvalidArgument($"Node '{node.Name}' uses function attribute '{value.Placeholder}', which the call does not set.");
            }
        }
    }
}
