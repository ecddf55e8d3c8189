using Tensorflow;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>A TensorFlow graph being prepared for translation: nodes by name, and the function library.</summary>
/// <remarks>Rewriters replace or remove nodes; they never change a <see cref="NodeDef"/> they did not create (those belong to the caller).</remarks>
internal sealed class TfGraph
{
    private readonly Dictionary<string, NodeDef> nodes;

    public TfGraph(IEnumerable<NodeDef> nodes, IReadOnlyDictionary<string, FunctionDef> functions)
    {
        this.nodes = new Dictionary<string, NodeDef>(StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            this.nodes[node.Name] = node;
        }

        Functions = functions;
    }

    public IReadOnlyDictionary<string, FunctionDef> Functions { get; }

    public IEnumerable<NodeDef> Nodes => nodes.Values;

    public static TfGraph From(GraphDef graph) => new(graph.Node, Library(graph.Library));

    public static IReadOnlyDictionary<string, FunctionDef> Library(FunctionDefLibrary? library)
    {
        var functions = new Dictionary<string, FunctionDef>(StringComparer.Ordinal);
        foreach (var function in library?.Function ?? [])
        {
            functions[function.Signature.Name] = function;
        }

        return functions;
    }

    public bool TryGet(string name, out NodeDef node) => nodes.TryGetValue(name, out node!);

    public bool Contains(string name) => nodes.ContainsKey(name);

    /// <summary>The tensor <paramref name="tensor"/> (<c>node:k</c>) forwards, following Identity and IdentityN nodes.</summary>
    public string SkipIdentities(string tensor)
    {
        while (TryGet(TensorName.NodeOf(tensor), out var node) && node.Op is "Identity" or "IdentityN" or "Snapshot")
        {
            var inputs = node.Input.Where(i => !TensorName.IsControl(i)).ToArray();
            var index = node.Op == "IdentityN" ? TensorName.Parse(tensor).Index : 0;
            tensor = TensorName.Normalize(inputs[index]);
        }

        return tensor;
    }

    /// <summary>Adds or replaces the node of that name.</summary>
    public void Set(NodeDef node) => nodes[node.Name] = node;

    /// <summary>Removes the node of that name (a rewriter's replaced loop nodes).</summary>
    public void Remove(string name) => nodes.Remove(name);

    /// <summary>
    /// Adds a function a rewriter made (a TF1 cond branch) to the library, which the graph shares with its translation
    /// and with the graphs of the bodies translated inside it.
    /// </summary>
    public void AddFunction(FunctionDef function)
    {
        if (Functions is not IDictionary<string, FunctionDef> { IsReadOnly: false } library)
        {
            throw new InvalidOperationException("This graph's function library is read-only.");
        }

        library[function.Signature.Name] = function;
    }
}
