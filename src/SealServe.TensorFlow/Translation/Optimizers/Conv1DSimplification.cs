using Onnx;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>
/// Keras writes a 1-D convolution or pooling as ExpandDims → Conv2D/MaxPool/AvgPool (NHWC) → Squeeze, which
/// translates to Unsqueeze → Transpose → Conv → Transpose → Squeeze. This pass makes it Transpose → 1-D Conv →
/// Transpose over the rank-3 data, so ONNX Runtime's transpose optimizer can cancel the transposes between layers
/// (a Transpose that only moves the size-1 axis is a copy it cannot drop).
/// </summary>
internal sealed class Conv1DSimplification : IOnnxOptimizer
{
    private static readonly long[] ToChannelsFirst = [0, 3, 1, 2];
    private static readonly long[] ToChannelsLast = [0, 2, 3, 1];

    public void Optimize(TranslationContext context)
    {
        var graph = context.Graph;
        var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node, StringComparer.Ordinal);
        // An omitted optional output is named "" (ONNX), on any number of nodes.
        var producers = graph.Node.SelectMany(n => n.Output.Where(o => o.Length > 0).Select(o => (Output: o, Node: n))).ToDictionary(p => p.Output, p => p.Node, StringComparer.Ordinal);
        foreach (var squeeze in graph.Node.Where(n => n.OpType == "Squeeze").ToArray())
        {
            if (Match(context, squeeze, producers, consumers) is { } match)
            {
                Rewrite(context, match);
            }
        }
    }

    private static Pattern? Match(TranslationContext context, NodeProto squeeze, Dictionary<string, NodeProto> producers, ILookup<string, NodeProto> consumers)
    {
        if (squeeze.Input.Count != 2 || UnitAxis(context, squeeze.Input[1]) is not { } axis
            || Single(squeeze.Input[0], producers, consumers, "Transpose") is not { } back || !Perm(back).SequenceEqual(ToChannelsLast)
            || Single(back.Input[0], producers, consumers, "Conv", "MaxPool", "AveragePool") is not { } op || op.Output.Count != 1
            || Single(op.Input[0], producers, consumers, "Transpose") is not { } forward || !Perm(forward).SequenceEqual(ToChannelsFirst)
            || Single(forward.Input[0], producers, consumers, "Unsqueeze") is not { } unsqueeze || UnitAxis(context, unsqueeze.Input[1]) != axis)
        {
            return null;
        }

        // In NCHW the size-1 axis is 2 (H) or 3 (W); the op must leave it alone: kernel 1, no padding.
        var spatial = axis - 1;
        var kernel = op.OpType == "Conv" ? context.ShapeOf(op.Input[1])?.Skip(2).ToArray() : Ints(op, "kernel_shape");
        var pads = Ints(op, "pads");
        return kernel is { Length: 2 } && kernel[spatial] == 1 && (pads is null || (pads[spatial] == 0 && pads[spatial + 2] == 0))
            ? new Pattern(unsqueeze, forward, op, back, squeeze, spatial)
            : null;
    }

    private static void Rewrite(TranslationContext context, Pattern match)
    {
        var graph = context.Graph;
        var index = graph.Node.IndexOf(match.Unsqueeze);
        foreach (var node in new[] { match.Unsqueeze, match.Forward, match.Op, match.Back, match.Squeeze })
        {
            graph.Node.Remove(node);
        }

        var input = context.NewValueName("conv1d_input");
        var output = context.NewValueName("conv1d_output");
        var op = match.Op.Clone();
        op.Input[0] = input;
        op.Output[0] = output;
        if (op.OpType == "Conv")
        {
            op.Input[1] = DropAxis(context, op.Input[1], match.Spatial + 2);
        }

        foreach (var attribute in op.Attribute.Where(a => a.Name is "kernel_shape" or "strides" or "dilations" or "pads"))
        {
            var values = attribute.Ints.ToList();
            values.RemoveAt(attribute.Name == "pads" ? match.Spatial + 2 : match.Spatial);
            if (attribute.Name == "pads")
            {
                values.RemoveAt(match.Spatial);
            }

            attribute.Ints.Clear();
            attribute.Ints.AddRange(values);
        }

        graph.Node.Insert(index, Transpose(match.Unsqueeze.Input[0], input, match.Forward.Name));
        graph.Node.Insert(index + 1, op);
        graph.Node.Insert(index + 2, Transpose(output, match.Squeeze.Output[0], match.Back.Name));
    }

    /// <summary>The weights without their size-1 spatial axis: a reshaped constant, or a Squeeze.</summary>
    private static string DropAxis(TranslationContext context, string weights, int axis) =>
        context.TryGetConstant(weights) is { } value
            ? context.AddConstant(value.Reshape([.. value.Shape.Where((_, i) => i != axis)]))
            : context.Squeeze(weights, axis);

    private static NodeProto Transpose(string input, string output, string name) => new()
    {
        OpType = "Transpose",
        Name = name,
        Input = { input },
        Output = { output },
        Attribute = { OnnxAttr.Ints("perm", [0, 2, 1]) },
    };

    /// <summary>The producer of <paramref name="value"/> when it has one of the op types and <paramref name="value"/> has no other consumer.</summary>
    private static NodeProto? Single(string value, Dictionary<string, NodeProto> producers, ILookup<string, NodeProto> consumers, params string[] opTypes) =>
        producers.TryGetValue(value, out var node) && opTypes.Contains(node.OpType) && consumers[value].Count() == 1 ? node : null;

    /// <summary>The NHWC size-1 axis (1 or 2) a constant Unsqueeze/Squeeze axes input names, or null.</summary>
    private static int? UnitAxis(TranslationContext context, string axes) =>
        context.TryGetConstant(axes)?.ToInt64s() is [var axis] && (axis < 0 ? axis + 4 : axis) is var positive && positive is 1 or 2 ? (int)positive : null;

    private static long[] Perm(NodeProto transpose) => transpose.Attribute.FirstOrDefault(a => a.Name == "perm")?.Ints.ToArray() ?? [];

    private static long[]? Ints(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name)?.Ints.ToArray();

    private sealed record Pattern(NodeProto Unsqueeze, NodeProto Forward, NodeProto Op, NodeProto Back, NodeProto Squeeze, int Spatial);
}
