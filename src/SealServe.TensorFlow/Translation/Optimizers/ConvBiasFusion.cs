using Onnx;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>
/// TF adds a convolution's bias after the convolution (BiasAdd); in NHWC that Add sits after the Transpose back
/// to channels-last, where ONNX Runtime neither fuses it into the Conv nor moves the Transpose past it. A constant
/// per-channel bias becomes the Conv's own bias input instead, so the Conv (and its activation) fuse as in a
/// direct export.
/// </summary>
internal sealed class ConvBiasFusion : IOnnxOptimizer
{
    public void Optimize(TranslationContext context)
    {
        var graph = context.Graph;
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node, StringComparer.Ordinal);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv" && n.Input.Count == 2).ToArray())
        {
            if (Only(consumers, outputs, conv.Output[0]) is not { OpType: "Transpose" } transpose
                || Only(consumers, outputs, transpose.Output[0]) is not { OpType: "Add" } add
                || Bias(context, add, transpose.Output[0], context.ShapeOf(conv.Input[1])) is not { } bias)
            {
                continue;
            }

            conv.Input.Add(context.AddConstant(bias));
            transpose.Output[0] = add.Output[0];
            graph.Node.Remove(add);
        }
    }

    /// <summary>The consumer of <paramref name="value"/> when it has exactly one and is not a graph output.</summary>
    private static NodeProto? Only(ILookup<string, NodeProto> consumers, HashSet<string> outputs, string value) =>
        !outputs.Contains(value) && consumers[value].ToArray() is [var single] ? single : null;

    /// <summary>The Add's other operand as a [C] vector, when it is a constant over the last (channel) axis only.</summary>
    private static TensorValue? Bias(TranslationContext context, NodeProto add, string data, IReadOnlyList<long>? weights)
    {
        var other = add.Input[0] == data ? add.Input[1] : add.Input[0];
        return weights is { Count: > 0 } && context.TryGetConstant(other) is { } value && value.Shape.Count > 0
            && value.Shape[^1] == weights[0] && value.Shape.Take(value.Rank - 1).All(d => d == 1)
            ? value.Reshape([weights[0]])
            : null;
    }
}
