using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Reads a bare GraphDef <c>.pb</c> (a frozen graph: variables already turned into constants) and works out
/// what a SavedModel's signature would say: the placeholders are the inputs, the nodes nobody consumes the outputs.
/// A version folder holding one such file and no <c>saved_model.pb</c> serves it as its <c>serving_default</c>.
/// </summary>
public static class FrozenGraphReader
{
    /// <summary>A frozen graph holds its weights as constants: a variable left in it has no value anywhere.</summary>
    public static IVariableResolver NoVariables { get; } = new NoVariableValues();

    /// <summary>Ops that end a graph without producing a result worth serving (initialisers, savers, training steps).</summary>
    private static readonly string[] SideEffectPrefixes = ["NoOp", "Assign", "Apply", "ResourceApply", "Save", "Restore", "MergeV2Checkpoints"];

    public static GraphDef Read(byte[] bytes, string file)
    {
        GraphDef graph;
        try
        {
            graph = GraphDef.Parser.ParseFrom(bytes);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            throw new ServingException(StatusCode.DataLoss, $"{file} is not a valid GraphDef (truncated or corrupt): {e.Message}", e);
        }

        if (graph.Node.Count == 0)
        {
            throw ServingException.InvalidArgument($"{file} is not a GraphDef: it has no nodes (is it a SavedModel's saved_model.pb?).");
        }

        GraphShape.ThrowIfMalformed(graph, file);

        return graph;
    }

    /// <summary>True when a version folder holds a GraphDef <c>.pb</c> at its top and no SavedModel.</summary>
    public static bool IsFrozenGraph(ISavedModelFiles files) => !SavedModelReader.IsSavedModel(files) && GraphFiles(files).Length > 0;

    /// <summary>The version folder's GraphDef file; fails when there are several (which one would be served is unclear).</summary>
    public static string FindGraphFile(ISavedModelFiles files) => GraphFiles(files) switch
    {
        [var only] => only,
        [] => throw ServingException.NotFound("The version folder holds no GraphDef .pb file."),
        var several => throw ServingException.InvalidArgument($"The version folder holds several GraphDef .pb files ({string.Join(", ", several)}); keep one."),
    };

    /// <summary>
    /// The <c>serving_default</c> signature of a frozen graph (method predict): each placeholder is an input and each
    /// sink node an output, aliased by its node name (<c>X</c> for <c>X:0</c>), as the reference tools name them.
    /// </summary>
    public static Signature Signature(GraphDef graph)
    {
        var nodes = graph.Node.ToDictionary(n => n.Name, StringComparer.Ordinal);
        var inputs = Inputs(graph).ToDictionary(i => Translation.Graph.TensorName.NodeOf(i.TensorName), i => new TensorSpec(i.TensorName, i.DataType, i.Shape), StringComparer.Ordinal);
        var outputs = Outputs(graph).ToDictionary(Translation.Graph.TensorName.NodeOf, o => new TensorSpec(o, OutputType(nodes[Translation.Graph.TensorName.NodeOf(o)]), null), StringComparer.Ordinal);
        return new Signature(Core.Signatures.Signature.DefaultKey, Core.Signatures.Signature.PredictMethod, inputs, outputs);
    }

    /// <summary>Every <c>Placeholder</c>, typed and shaped from its attributes.</summary>
    public static IReadOnlyList<GraphInput> Inputs(GraphDef graph) =>
        graph.Node.Where(n => n.Op == "Placeholder")
            .Select(n => new GraphInput(
                n.Name + ":0",
                n.Attr.TryGetValue("dtype", out var dtype) ? (DataType)(int)dtype.Type : DataType.Invalid,
                n.Attr.TryGetValue("shape", out var shape) ? SignatureDefs.ToShape(shape.Shape) : null))
            .ToArray();

    /// <summary>Outputs of the nodes no other node consumes, leaving out side-effect-only sinks and unused placeholders.</summary>
    public static IReadOnlyList<string> Outputs(GraphDef graph)
    {
        var consumed = graph.Node.SelectMany(n => n.Input).Select(i => Translation.Graph.TensorName.NodeOf(i)).ToHashSet(StringComparer.Ordinal);
        return graph.Node
            .Where(n => !consumed.Contains(n.Name) && n.Op != "Placeholder" && !SideEffectPrefixes.Any(p => n.Op.StartsWith(p, StringComparison.Ordinal)))
            .Select(n => n.Name + ":0")
            .ToArray();
    }

    private static string[] GraphFiles(ISavedModelFiles files) =>
        [.. files.List(string.Empty).Where(f => !f.Contains('/', StringComparison.Ordinal) && f.EndsWith(".pb", StringComparison.Ordinal) && f != SavedModelReader.FileName)];

    /// <summary>The element type of a node's output 0, from the attribute most ops name it by.</summary>
    private static DataType OutputType(NodeDef node)
    {
        foreach (var attribute in (string[])["T", "dtype", "out_type", "DstT", "output_type", "Tout"])
        {
            if (node.Attr.TryGetValue(attribute, out var value) && value.ValueCase == AttrValue.ValueOneofCase.Type)
            {
                return (DataType)((int)value.Type % Core.Tensors.DataTypes.RefOffset);
            }
        }

        return DataType.Invalid;
    }

    private sealed class NoVariableValues : IVariableResolver
    {
        public Core.Tensors.Tensor Resolve(NodeDef variableNode) =>
            throw ServingException.FailedPrecondition($"Variable '{variableNode.Name}' ({variableNode.Op}) has no value: a bare GraphDef carries no checkpoint (freeze the graph first).");
    }
}
