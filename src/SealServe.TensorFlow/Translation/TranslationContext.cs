using Onnx;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using SealServe.TensorFlow.Translation.Optimizers;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// What a translator works with: the ONNX names of a node's inputs, the names to give its outputs,
/// emitting ONNX nodes and constants, and the constant value of a tensor when it can be known.
/// One context builds one ONNX graph; loop and branch bodies get a child context.
/// </summary>
internal sealed class TranslationContext
{
    /// <summary>Constants this small are shared between nodes that need the same value.</summary>
    private const int SharedConstantBytes = 64;

    private readonly TranslationContext? parent;
    private readonly NameScope names;
    private readonly Dictionary<string, string> tensors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TensorValue?> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyList<long>?> shapes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> sharedConstants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> deferred = new(StringComparer.Ordinal);
    private readonly IReadOnlySet<string> fed;
    private readonly SortedDictionary<string, int> domains = new(StringComparer.Ordinal);
    private int opset = OnnxOpset.Target;

    private TranslationContext(TranslationContext? parent, NameScope names, GraphResources resources, IReadOnlyDictionary<string, FunctionDef> functions, IReadOnlySet<string> fed, OpTranslatorRegistry registry)
    {
        this.parent = parent;
        this.names = names;
        this.fed = fed;
        Resources = resources;
        Functions = functions;
        Registry = registry;
    }

    /// <summary>What the graph's stateful nodes hold: variables and lookup tables.</summary>
    public GraphResources Resources { get; }

    public IVariableResolver Variables => Resources.Variables;

    public ITableResolver Tables => Resources.Tables;

    /// <summary>The function library, for ops whose bodies are functions (While, If).</summary>
    public IReadOnlyDictionary<string, FunctionDef> Functions { get; }

    /// <summary>The translators, for ops whose bodies are graphs to translate (<see cref="TranslateNodes"/>).</summary>
    public OpTranslatorRegistry Registry { get; }

    /// <summary>The ONNX graph being built.</summary>
    public GraphProto Graph { get; } = new();

    /// <summary>The node being translated; names of emitted values start with its name.</summary>
    public TfNode? Current { get; set; }

    /// <summary>The model's <c>ai.onnx</c> opset: <see cref="OnnxOpset.Target"/>, raised by ops that need a later one.</summary>
    public int Opset => Root.opset;

    private TranslationContext Root => parent?.Root ?? this;

    /// <summary>Opsets of other domains the model imports (<c>ai.onnx.ml</c>...), by domain.</summary>
    public IReadOnlyDictionary<string, int> Domains => Root.domains;

    public static TranslationContext ForModel(GraphResources resources, IReadOnlyDictionary<string, FunctionDef> functions, IReadOnlySet<string> fed, OpTranslatorRegistry registry) =>
        new(null, new NameScope(), resources, functions, fed, registry);

    /// <summary>Raises the model's opset to <paramref name="version"/> (for an op that exists only from that opset on).</summary>
    public void RequireOpset(int version) => Root.opset = Math.Max(Root.opset, version);

    /// <summary>Imports <paramref name="domain"/> at <paramref name="version"/> at least (for an op of that domain).</summary>
    public void RequireOpset(string domain, int version) => Root.domains[domain] = Math.Max(Root.domains.GetValueOrDefault(domain), version);

    /// <summary>A context for a subgraph (loop or branch body); it sees this graph's values as outer-scope values.</summary>
    public TranslationContext CreateSubgraph(string name)
    {
        var child = new TranslationContext(this, names, Resources, Functions, new HashSet<string>(), Registry);
        child.Graph.Name = names.Unique(name);
        return child;
    }

    /// <summary>Translates the nodes of <paramref name="graph"/> into this graph (a function body inlined here, or a subgraph's body).</summary>
    public void TranslateNodes(PreparedGraph graph)
    {
        var current = Current;
        GraphBodyTranslator.Translate(graph, this, Registry);
        Current = current;
    }

    /// <summary>Claims a name exactly (graph inputs and outputs); false when it is taken.</summary>
    public bool ReserveName(string name) => names.TryReserve(name);

    public string UniqueName(string hint) => names.Unique(hint);

    /// <summary>The ONNX value holding input <paramref name="index"/> of <paramref name="node"/>.</summary>
    public string Input(TfNode node, int index)
    {
        if (index >= node.Inputs.Count)
        {
            throw node.Error($"expected at least {index + 1} inputs, found {node.Inputs.Count}.");
        }

        return Lookup(node.Inputs[index]) ?? throw node.Error($"input '{node.Inputs[index]}' has not been translated.");
    }

    /// <summary>The ONNX value for a TF tensor (<c>node:k</c>), looking into enclosing graphs; null when unknown.</summary>
    public string? Lookup(string tensor) => tensors.TryGetValue(tensor, out var name) ? name : parent?.Lookup(tensor);

    /// <summary>The ONNX name output <paramref name="index"/> of <paramref name="node"/> must be written to.</summary>
    public string Output(TfNode node, int index = 0)
    {
        var tensor = node.Output(index);
        if (fed.Contains(tensor))
        {
            // The caller feeds this tensor; whatever the node computes for it is dropped.
            return names.Unique(node.Name + "/unused");
        }

        var name = names.Unique(tensor);
        tensors[tensor] = name;
        if (ShapeFromAttribute(node, index) is { } shape)
        {
            shapes[name] = shape;
        }

        return name;
    }

    /// <summary>Makes output <paramref name="index"/> of <paramref name="node"/> the existing value <paramref name="value"/> (no ONNX node).</summary>
    public void Alias(TfNode node, int index, string value)
    {
        var tensor = node.Output(index);
        if (!fed.Contains(tensor))
        {
            tensors[tensor] = value;
        }
    }

    /// <summary>
    /// Makes output 0 of <paramref name="node"/> a value with no ONNX tensor yet (an empty reserved TensorList,
    /// which a loop fills): <paramref name="info"/> is for the translator of its consumer. Returns its name.
    /// </summary>
    public string Defer(TfNode node, object info)
    {
        var name = names.Unique(node.Output(0));
        deferred[name] = info;
        tensors[node.Output(0)] = name;
        return name;
    }

    /// <summary>What <see cref="Defer"/> recorded for <paramref name="name"/>, in this graph or an enclosing one.</summary>
    public T? Deferred<T>(string name)
        where T : class => deferred.TryGetValue(name, out var info) ? info as T : parent?.Deferred<T>(name);

    /// <summary>Binds a TF tensor name to an ONNX value (graph inputs, loop-body arguments).</summary>
    public void Bind(string tensor, string value) => tensors[tensor] = value;

    /// <summary>Emits one ONNX node with one output and returns that output's name (a fresh one unless given).</summary>
    public string Emit(string opType, IReadOnlyList<string> inputs, IReadOnlyList<AttributeProto>? attributes = null, string? output = null, string domain = "") =>
        EmitMulti(opType, inputs, [output ?? NewValueName(opType)], attributes, domain)[0];

    /// <summary>Emits one ONNX node with the given outputs (an empty name skips an optional output); <paramref name="domain"/> must be imported (<see cref="RequireOpset(string, int)"/>).</summary>
    public IReadOnlyList<string> EmitMulti(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, IReadOnlyList<AttributeProto>? attributes = null, string domain = "")
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = names.Unique((Current?.Name ?? Graph.Name) + "/" + opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        if (attributes is not null)
        {
            node.Attribute.AddRange(attributes);
        }

        Graph.Node.Add(node);
        foreach (var output in outputs.Where(o => o.Length > 0))
        {
            producers[output] = node;
        }

        return outputs;
    }

    /// <summary>A fresh value name for an intermediate result of the current node.</summary>
    public string NewValueName(string hint) => names.Unique((Current?.Name ?? Graph.Name) + "/" + hint);

    /// <summary>Adds <paramref name="value"/> as an initializer of the top-level graph and returns its name.</summary>
    public string AddConstant(TensorValue value, string? hint = null)
    {
        var key = value.IsString || value.RawBytes.Length > SharedConstantBytes
            ? null
            : $"{value.DataType}[{string.Join(",", value.Shape)}]{Convert.ToHexString(value.RawBytes.Span)}";
        var root = Root;
        if (key is not null && root.sharedConstants.TryGetValue(key, out var shared))
        {
            return shared;
        }

        var name = names.Unique(hint ?? (Current?.Name ?? "const") + "/const");
        root.Graph.Initializer.Add(value.ToOnnx(name));
        root.constants[name] = value;
        root.shapes[name] = value.Shape;
        if (key is not null)
        {
            root.sharedConstants[key] = name;
        }

        return name;
    }

    /// <summary>A 1-D int64 constant (axes, shapes, pads).</summary>
    public string Int64s(params long[] values) => AddConstant(TensorValue.Vector(values));

    /// <summary>A scalar constant of element type <paramref name="dataType"/>.</summary>
    public string Scalar(DataType dataType, double value) => AddConstant(TensorValue.FromDoubles(dataType, [], [value]));

    /// <summary>The value of <paramref name="name"/> when it is a constant or computable from constants; null otherwise.</summary>
    public TensorValue? TryGetConstant(string name)
    {
        if (constants.TryGetValue(name, out var known))
        {
            return known;
        }

        if (!producers.TryGetValue(name, out var producer))
        {
            return parent?.TryGetConstant(name);
        }

        constants[name] = null; // guards against cycles while evaluating
        var value = ConstantEvaluator.TryEvaluate(producer, TryGetConstant, ShapeOf, Producer);
        constants[name] = value;
        return value;
    }

    /// <summary>The constant value of input <paramref name="index"/>; fails naming the node when it is not constant.</summary>
    public TensorValue RequireConstant(TfNode node, int index, string role) =>
        TryGetConstant(Input(node, index)) ?? throw node.Error($"its {role} (input {index}, '{node.Inputs[index]}') must be a constant or computable from constants.");

    /// <summary>The static shape of a value (-1 for unknown dimensions), or null when even the rank is unknown.</summary>
    public IReadOnlyList<long>? ShapeOf(string name) =>
        shapes.TryGetValue(name, out var shape) ? shape : TryGetConstant(name)?.Shape ?? parent?.ShapeOf(name);

    /// <summary>The rank of a value, or null when unknown.</summary>
    public int? RankOf(string name) => ShapeOf(name)?.Count;

    /// <summary>Records what is known of a value's shape (-1 for unknown dimensions).</summary>
    public void SetShape(string name, IReadOnlyList<long>? shape)
    {
        if (shape is not null)
        {
            shapes[name] = shape;
        }
    }

    /// <summary>
    /// Makes the values of <paramref name="tensors"/> this subgraph's outputs, in order. ONNX wants each output computed
    /// here and named once, so a value of an enclosing graph, or one returned twice, goes through an Identity.
    /// </summary>
    public void AddSubgraphOutputs(TfNode node, IEnumerable<string> tensors, string body)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in tensors)
        {
            var value = Lookup(tensor) ?? throw node.Error($"its {body} does not compute '{tensor}'.");
            if (!IsProducedHere(value) || !named.Add(value))
            {
                value = Emit("Identity", [value]);
                named.Add(value);
            }

            Graph.Output.Add(new ValueInfoProto { Name = value });
        }
    }

    /// <summary>True when <paramref name="name"/> is computed by a node of this graph (not an input, initializer or outer value).</summary>
    public bool IsProducedHere(string name) => producers.ContainsKey(name);

    /// <summary>The node of this graph (or an enclosing one) computing <paramref name="name"/>, or null.</summary>
    public NodeProto? Producer(string name) => producers.TryGetValue(name, out var node) ? node : parent?.Producer(name);

    private static IReadOnlyList<long>? ShapeFromAttribute(TfNode node, int index)
    {
        if (!node.Definition.Attr.TryGetValue("_output_shapes", out var attr) || attr.List is null || index >= attr.List.Shape.Count)
        {
            return null;
        }

        var shape = attr.List.Shape[index];
        return shape.UnknownRank ? null : [.. shape.Dim.Select(d => d.Size)];
    }
}
