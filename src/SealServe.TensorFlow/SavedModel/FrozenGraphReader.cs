using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Reads a bare GraphDef <c>.pb</c> (a frozen graph: variables already turned into constants) and works out
/// what a SavedModel's signature would say: the placeholders are the inputs, the nodes nobody consumes the outputs.
/// </summary>
public static class FrozenGraphReader
{
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
}
