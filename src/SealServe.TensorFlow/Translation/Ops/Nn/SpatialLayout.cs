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
    /// The op's (channels-first) input and its padding attributes. SAME is TF's: the output has ceil(in / stride)
    /// elements and the total padding, max((out - 1)·stride + effective kernel - in, 0), puts the odd pixel at the end.
    /// ONNX's auto_pad SAME_UPPER matches that only while no stride exceeds the effective kernel (ONNX Runtime lets the
    /// total go negative and shifts every window) and without dilations (which ONNX Runtime does not take with
    /// SAME_UPPER); otherwise the pads are worked out from the static input size, or, when it is unknown, at run time
    /// by a Pad node in front of the op (filled with <paramref name="fill"/>, which the op must not see as data).
    /// </summary>
    /// <param name="context">The translation context.</param>
    /// <param name="x">The input in channels-first order.</param>
    /// <param name="kernel">The kernel's spatial size, if known.</param>
    /// <param name="input">The input's shape in the node's layout, if known.</param>
    /// <param name="fill">The value a run-time Pad node writes: 0 for convolutions, the lowest value for max pooling.</param>
    public (string Input, AttributeProto[] Padding) Pad(TranslationContext context, string x, IReadOnlyList<long>? kernel, IReadOnlyList<long>? input, double fill)
    {
        var padding = Node.GetString("padding");
        switch (padding)
        {
            case "SAME":
                return Same(context, x, kernel, input, fill);
            case "VALID":
                return (x, [OnnxAttr.String("auto_pad", "VALID")]);
            case "EXPLICIT":
                var all = Node.GetInts("explicit_paddings");
                if (all.Count != 2 * Rank)
                {
                    throw Node.Error("explicit_paddings must have two entries per dimension.");
                }

                var dims = Enumerable.Range(ChannelsLast ? 1 : 2, Rank - 2).ToArray();
                return (x, [OnnxAttr.Ints("pads", [.. dims.Select(d => all[2 * d]), .. dims.Select(d => all[(2 * d) + 1])])]);
            default:
                throw Node.Error($"padding '{padding}' is not supported.");
        }
    }

    /// <summary>True when SAME padding needs a run-time Pad node (no static input size, and auto_pad cannot express it).</summary>
    public bool NeedsRuntimePadding(IReadOnlyList<long>? kernel, IReadOnlyList<long>? input) =>
        Node.GetString("padding") == "SAME" && !FitsAutoPad(kernel) && StaticSizes(input) is null;

    private (string Input, AttributeProto[] Padding) Same(TranslationContext context, string x, IReadOnlyList<long>? kernel, IReadOnlyList<long>? input, double fill)
    {
        if (FitsAutoPad(kernel))
        {
            return (x, [OnnxAttr.String("auto_pad", "SAME_UPPER")]);
        }

        if (kernel is null || kernel.Any(k => k < 0))
        {
            throw Node.Error("SAME padding with a stride larger than the kernel or with dilations needs a static kernel size.");
        }

        var strides = SpatialAttr("strides", 1);
        var effective = Effective(kernel);
        if (StaticSizes(input) is { } sizes)
        {
            var before = new long[sizes.Length];
            var after = new long[sizes.Length];
            for (var i = 0; i < sizes.Length; i++)
            {
                var total = System.Math.Max((((sizes[i] + strides[i] - 1) / strides[i]) - 1) * strides[i] + effective[i] - sizes[i], 0);
                (before[i], after[i]) = (total / 2, total - (total / 2));
            }

            return (x, [OnnxAttr.Ints("pads", [.. before, .. after])]);
        }

        return (RuntimePad(context, x, strides, effective, fill), []);
    }

    /// <summary>Pads x (channels first) as SAME does, from its run-time spatial sizes.</summary>
    private string RuntimePad(TranslationContext context, string x, long[] strides, long[] effective, double fill)
    {
        var shape = context.Emit("Shape", [x]);
        var spatial = context.Emit("Slice", [shape, context.Int64s(2), context.Int64s(Rank)]);
        var stride = context.Int64s(strides);
        var outputs = context.Emit("Div", [context.Emit("Add", [spatial, context.Int64s([.. strides.Select(s => s - 1)])]), stride]);
        var covered = context.Emit("Add", [context.Emit("Mul", [context.Emit("Sub", [outputs, context.Int64s([.. strides.Select(_ => 1L)])]), stride]), context.Int64s(effective)]);
        var total = context.Emit("Max", [context.Emit("Sub", [covered, spatial]), context.Int64s([.. strides.Select(_ => 0L)])]);
        var before = context.Emit("Div", [total, context.Int64s([.. strides.Select(_ => 2L)])]);
        var after = context.Emit("Sub", [total, before]);
        var pads = context.Emit("Concat", [context.Int64s(0, 0), before, context.Int64s(0, 0), after], [OnnxAttr.Int("axis", 0)]);
        var type = Node.HasAttr("T") ? Node.GetType("T") : Core.Tensors.DataType.Float;
        if (double.IsInfinity(fill) && !OnnxTypes.IsFloatingPoint(type))
        {
            throw Node.Error($"SAME padding of unknown size needs a floating-point input here, not {Core.Tensors.DataTypes.TfName(type)}.");
        }

        return context.Emit("Pad", [x, pads, context.Scalar(type, fill)]);
    }

    /// <summary>auto_pad SAME_UPPER is TF's SAME when nothing is dilated and no stride exceeds the kernel.</summary>
    private bool FitsAutoPad(IReadOnlyList<long>? kernel)
    {
        var strides = SpatialAttr("strides", 1);
        if (SpatialAttr("dilations", 1).Any(d => d != 1))
        {
            return false;
        }

        return strides.All(s => s == 1) || (kernel is not null && kernel.All(k => k >= 0) && strides.Zip(kernel).All(p => p.First <= p.Second));
    }

    private long[] Effective(IReadOnlyList<long> kernel)
    {
        var dilations = SpatialAttr("dilations", 1);
        return [.. kernel.Select((k, i) => ((k - 1) * dilations[i]) + 1)];
    }

    private long[]? StaticSizes(IReadOnlyList<long>? input) =>
        input is { } shape && shape.Count == Rank && Spatial(shape) is var sizes && sizes.All(s => s >= 0) ? sizes : null;
}
