using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>2-D and 3-D convolution; HWIO filters become OIHW (folded for constant filters).</summary>
[TfOp("Conv2D", "Conv3D", Onnx = "Transpose + Conv + Transpose", Notes = "NHWC/NCHW, strides, dilations, SAME (auto_pad SAME_UPPER, or pads clamped at 0 when a stride exceeds the kernel: from static sizes, else a run-time Pad)/VALID/EXPLICIT; grouped when input channels are a multiple of the filter's.")]
internal sealed class Conv2DTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var rank = node.Op == "Conv3D" ? 5 : 4;
        var layout = SpatialLayout.Of(node, rank);
        var filter = context.Input(node, 1);
        var (x, padding) = layout.Pad(context, layout.ToChannelsFirst(context, context.Input(node, 0)), Kernel(context, filter, rank), context.ShapeOf(context.Input(node, 0)), 0);

        // [spatial..., in, out] → [out, in, spatial...]
        var weights = context.Transpose(filter, [rank - 1, rank - 2, .. Enumerable.Range(0, rank - 2).Select(i => (long)i)]);
        List<global::Onnx.AttributeProto> attributes =
        [
            OnnxAttr.Ints("strides", layout.SpatialAttr("strides", 1)),
            OnnxAttr.Ints("dilations", layout.SpatialAttr("dilations", 1)),
            .. padding,
        ];
        if (Groups(context, node, layout, filter, rank) is > 1 and var groups)
        {
            attributes.Add(OnnxAttr.Int("group", groups));
        }

        layout.EmitChannelsFirst(context, "Conv", [x, weights], attributes);
    }

    private static IReadOnlyList<long>? Kernel(TranslationContext context, string filter, int rank) => context.ShapeOf(filter)?.Take(rank - 2).ToArray();

    private static long Groups(TranslationContext context, TfNode node, SpatialLayout layout, string filter, int rank)
    {
        var inputShape = context.ShapeOf(context.Input(node, 0));
        var filterShape = context.ShapeOf(filter);
        if (inputShape is null || inputShape.Count != rank || filterShape is null)
        {
            return 1;
        }

        var channels = inputShape[layout.ChannelsLast ? rank - 1 : 1];
        var filterChannels = filterShape[rank - 2];
        return channels > 0 && filterChannels > 0 && channels != filterChannels ? channels / filterChannels : 1;
    }
}
