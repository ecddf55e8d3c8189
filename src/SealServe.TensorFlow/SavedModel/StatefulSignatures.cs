using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;
using SealServe.TensorFlow.Translation.Graph;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// The variables a SavedModel's signatures change. In TensorFlow Serving a signature runs in the loaded version's
/// session, so <c>Assign</c>, <c>AssignAdd</c> and <c>AssignSub</c> on a TF1 variable change it for every later request
/// (TF Serving's <c>saved_model_counter</c> counts this way). SealServe keeps such variables as state of the loaded
/// version: a run is fed their current values and the values its assign ops compute become the new ones. A signature
/// that changes state another way (resource variables, scatter updates, optimizer steps) is refused alone, naming the op.
/// </summary>
public sealed class StatefulSignatures
{
    /// <summary>The assign ops whose result is the variable's new value (TF1 reference variables).</summary>
    private static readonly HashSet<string> AssignOps = new(["Assign", "AssignAdd", "AssignSub"], StringComparer.Ordinal);

    private static readonly HashSet<string> MutatingOps = new(
    [
        "AssignVariableOp", "AssignAddVariableOp", "AssignSubVariableOp",
        "ScatterUpdate", "ScatterAdd", "ScatterSub", "ScatterMul", "ScatterDiv", "ScatterNdUpdate", "ScatterNdAdd",
        "ResourceScatterUpdate", "ResourceScatterAdd", "ResourceScatterSub", "ResourceScatterMul", "ResourceScatterDiv",
        "ResourceScatterNdUpdate", "ResourceScatterNdAdd", "ResourceApplyGradientDescent", "ApplyGradientDescent",
    ], StringComparer.Ordinal);

    private readonly Dictionary<string, NodeDef> nodes;
    private readonly Dictionary<string, FunctionDef> functions;
    private readonly Dictionary<string, GraphInput> variables = new(StringComparer.Ordinal);

    private StatefulSignatures(MetaGraphDef metaGraph)
    {
        nodes = metaGraph.GraphDef.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        functions = metaGraph.GraphDef.Library?.Function.ToDictionary(f => f.Signature.Name, StringComparer.Ordinal) ?? [];
    }

    /// <summary>The state variables (tensor <c>variable:0</c>, element type, shape), all signatures together.</summary>
    public IReadOnlyCollection<GraphInput> Variables => variables.Values;

    /// <summary>Signatures that change state in a way SealServe does not serve, with the reason.</summary>
    public IReadOnlyDictionary<string, string> Refused { get; private set; } = new Dictionary<string, string>();

    /// <summary>What each servable signature reads of the state and which new values it computes (empty: none).</summary>
    public IReadOnlyDictionary<string, StateUse> Uses { get; private set; } = new Dictionary<string, StateUse>();

    /// <summary>The state variables' values when the version loads (from its checkpoint), by tensor name.</summary>
    public IReadOnlyDictionary<string, Core.Tensors.Tensor> InitialValues(IVariableResolver resolver) =>
        variables.Keys.ToDictionary(v => TensorName.Of(v, 0), v => resolver.Resolve(nodes[v]), StringComparer.Ordinal);

    public static StatefulSignatures Analyze(MetaGraphDef metaGraph)
    {
        ArgumentNullException.ThrowIfNull(metaGraph);
        var analysis = new StatefulSignatures(metaGraph);
        var refused = new Dictionary<string, string>(StringComparer.Ordinal);
        var walks = new Dictionary<string, (List<NodeDef> Reads, List<NodeDef> Assigns)>(StringComparer.Ordinal);
        foreach (var (key, def) in metaGraph.SignatureDef.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            if (key == SignatureDefs.InitOpKey)
            {
                continue;
            }

            var fed = def.Inputs.Values.Select(i => TensorName.NodeOf(SignatureDefs.TensorName(i))).ToHashSet(StringComparer.Ordinal);
            var walk = analysis.Walk(def.Outputs.Values.Select(o => TensorName.NodeOf(SignatureDefs.TensorName(o))), fed, out var reason);
            if (reason is not null)
            {
                refused[key] = reason;
            }
            else
            {
                walks[key] = walk;
            }
        }

        // A variable is state when some signature assigns it; every signature that reads it then reads the state.
        foreach (var assign in walks.Values.SelectMany(w => w.Assigns))
        {
            var variable = analysis.nodes[analysis.VariableOf(assign)!];
            analysis.variables.TryAdd(variable.Name, new GraphInput(TensorName.Of(variable.Name, 0), ElementType(variable), Shape(variable)));
        }

        analysis.Refused = refused;
        analysis.Uses = walks.ToDictionary(
            w => w.Key,
            w => new StateUse(
                [.. w.Value.Reads.Where(r => analysis.variables.ContainsKey(r.Name)).Select(r => analysis.variables[r.Name])],
                [.. w.Value.Assigns.Select(a => new StateUpdate(TensorName.Of(analysis.VariableOf(a)!, 0), TensorName.Of(a.Name, 0)))]),
            StringComparer.Ordinal);
        return analysis;
    }

    /// <summary>
    /// The variable nodes the outputs read (data inputs) and the assign ops they run (data and control inputs: TensorFlow
    /// runs a control dependency too), stopping at fed nodes; the reason when one changes state another way.
    /// </summary>
    private (List<NodeDef> Reads, List<NodeDef> Assigns) Walk(IEnumerable<string> starts, HashSet<string> fed, out string? reason)
    {
        reason = null;
        var reads = new List<NodeDef>();
        var assigns = new List<NodeDef>();
        var pending = new Stack<(string Name, bool Data)>(starts.Select(s => (s, true)));
        var seen = new HashSet<(string, bool)>();
        var assigned = new HashSet<string>(StringComparer.Ordinal);
        var assignNodes = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var (name, data) = pending.Pop();
            if (!seen.Add((name, data)) || fed.Contains(name) || !nodes.TryGetValue(name, out var node))
            {
                continue;
            }

            if (data && node.Op is "VariableV2" or "Variable")
            {
                reads.Add(node);
            }

            if (AssignOps.Contains(node.Op) && VariableOf(node) is { } variable)
            {
                if (assignNodes.Add(node.Name))
                {
                    if (!assigned.Add(variable))
                    {
                        reason = $"it assigns variable '{variable}' more than once in a run ({node.Op} at node '{node.Name}')";
                        return (reads, assigns);
                    }

                    assigns.Add(node);
                }
            }
            else if (FindMutation(node, []) is { } mutation)
            {
                reason = $"it changes variable state with {mutation.Op} (node '{mutation.Name}'), which SealServe does not run; only Assign, AssignAdd and AssignSub of TF1 variables are served as state";
                return (reads, assigns);
            }

            foreach (var input in node.Input)
            {
                pending.Push((TensorName.NodeOf(input), !TensorName.IsControl(input)));
            }
        }

        return (reads, assigns);
    }

    /// <summary>The TF1 variable node an assign op writes (its input 0, through Identity nodes), or null.</summary>
    private string? VariableOf(NodeDef assign)
    {
        var name = TensorName.NodeOf(assign.Input[0]);
        while (nodes.TryGetValue(name, out var node))
        {
            if (node.Op is "VariableV2" or "Variable")
            {
                return name;
            }

            if (node.Op != "Identity" || node.Input.Count == 0)
            {
                return null;
            }

            name = TensorName.NodeOf(node.Input[0]);
        }

        return null;
    }

    /// <summary>A mutating op in the node, or in any function it calls (every function-valued attribute, recursively).</summary>
    private NodeDef? FindMutation(NodeDef node, HashSet<string> seenFunctions)
    {
        if (MutatingOps.Contains(node.Op) || (AssignOps.Contains(node.Op) && VariableOf(node) is null))
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
                        if (FindMutation(inner, seenFunctions) is { } found)
                        {
                            return found;
                        }
                    }
                }
            }
        }

        return null;
    }

    private static DataType ElementType(NodeDef variable) =>
        variable.Attr.TryGetValue("dtype", out var type) ? (DataType)((int)type.Type % Core.Tensors.DataTypes.RefOffset) : DataType.Invalid;

    private static ShapeSpec? Shape(NodeDef variable) =>
        variable.Attr.TryGetValue("shape", out var shape) && shape.Shape is { } proto ? SignatureDefs.ToShape(proto) : null;
}

/// <summary>What one signature does with the state: the variables it reads, and the new values its assign ops compute.</summary>
public sealed record StateUse(IReadOnlyList<GraphInput> Reads, IReadOnlyList<StateUpdate> Updates)
{
    public static StateUse None { get; } = new([], []);

    public bool IsEmpty => Reads.Count == 0 && Updates.Count == 0;
}

/// <summary>An assign op's output (<c>Tensor</c>) is the new value of <c>Variable</c> (both <c>node:0</c>).</summary>
public sealed record StateUpdate(string Variable, string Tensor);
