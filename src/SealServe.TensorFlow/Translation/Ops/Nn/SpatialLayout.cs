using Onnx;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>
/// TF's spatial ops (convolutions, pooling) over ONNX's channels-first ones: the data_format, the per-dimension
/// attributes (strides, dilations, ksize) reduced to their spatial part, and padding as auto_pad or pads.
/// </summary>
internal sealed class SpatialLayout
{
    private SpatialLayout(TfNode node, int rank)
    {
        Node = node;
        Rank = rank;
        ChannelsLast = !node.GetString("data_format", "NHWC").StartsWith("NC", StringComparison.Ordinal);
    }

    public TfNode Node { get; }

    /// <summary>Rank of the data (4 for 2-D ops).</summary>
    public int Rank { get; }

    public bool ChannelsLast { get; }

    public static SpatialLayout Of(TfNode node, int rank) => new(node, rank);

    /// <summary>The spatial entries of a per-dimension attribute (e.g. strides [1, 2, 2, 1] → [2, 2]).</summary>
    public long[] Spatial(IReadOnlyList<long> values) => ChannelsLast ? [.. values.Skip(1).Take(Rank - 2)] : [.. values.Skip(2)];

    public long[] SpatialAttr(string name, long defaultValue)
    {
        var values = Node.GetInts(name);
        return values.Count == 0 ? [.. Enumerable.Repeat(defaultValue, Rank - 2)] : Spatial(values);
    }

    /// <summary>The input in NCHW order.</summary>
    public string ToChannelsFirst(TranslationContext context, string value) => ChannelsLast ? context.Transpose(value, EmitExtensions.ChannelsFirst(Rank)) : value;

    /// <summary>Emits the op on NCHW data and writes the result, back in the node's layout, to its output 0.</summary>
    public void EmitChannelsFirst(TranslationContext context, string opType, IReadOnlyList<string> inputs, IReadOnlyList<AttributeProto> attributes)
    {
        if (!ChannelsLast)
        {
            context.Emit(opType, inputs, attributes, context.Output(Node));
            return;
        }

        context.Transpose(context.Emit(opType, inputs, attributes), EmitExtensions.ChannelsLast(Rank), context.Output(Node));
    }

    /// <summary>
    /// SAME → auto_pad SAME_UPPER (TF puts the odd pixel at the end), VALID → VALID, EXPLICIT → pads.
    /// ONNX Runtime has no SAME_UPPER with dilations, so dilated SAME becomes pads worked out from the static input size.
    /// </summary>
    /// <param name="kernel">The kernel's spatial size (for dilated SAME).</param>
    /// <param name="input">The input's shape in the node's layout, if known (for dilated SAME).</param>
    public AttributeProto Padding(IReadOnlyList<long>? kernel = null, IReadOnlyList<long>? input = null)
    {
        var padding = Node.GetString("padding");
        var dilations = SpatialAttr("dilations", 1);
        switch (padding)
        {
            case "SAME" when dilations.Any(d => d > 1):
                return DilatedSame(kernel, input, dilations);
            case "SAME":
                return OnnxAttr.String("auto_pad", "SAME_UPPER");
            case "VALID":
                return OnnxAttr.String("auto_pad", "VALID");
            case "EXPLICIT":
                var all = Node.GetInts("explicit_paddings");
                if (all.Count != 2 * Rank)
                {
                    throw Node.Error("explicit_paddings must have two entries per dimension.");
                }

                var dims = Enumerable.Range(ChannelsLast ? 1 : 2, Rank - 2).ToArray();
                return OnnxAttr.Ints("pads", [.. dims.Select(d => all[2 * d]), .. dims.Select(d => all[(2 * d) + 1])]);
            default:
                throw Node.Error($"padding '{padding}' is not supported.");
        }
    }

    private AttributeProto DilatedSame(IReadOnlyList<long>? kernel, IReadOnlyList<long>? input, long[] dilations)
    {
        var sizes = input is { } shape && shape.Count == Rank ? Spatial(shape) : null;
        if (kernel is null || sizes is null || sizes.Any(s => s < 0) || kernel.Any(k => k < 0))
        {
            throw Node.Error("SAME padding with dilations needs static input and kernel sizes (ONNX Runtime has no dilated SAME_UPPER).");
        }

        var strides = SpatialAttr("strides", 1);
        var before = new long[sizes.Length];
        var after = new long[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            var output = (sizes[i] + strides[i] - 1) / strides[i];
            var total = System.Math.Max(((output - 1) * strides[i]) + ((kernel[i] - 1) * dilations[i]) + 1 - sizes[i], 0);
            (before[i], after[i]) = (total / 2, total - (total / 2));
        }

        return OnnxAttr.Ints("pads", [.. before, .. after]);
    }
}
