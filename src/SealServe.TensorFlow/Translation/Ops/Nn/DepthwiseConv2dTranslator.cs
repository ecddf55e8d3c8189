using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>Depthwise convolution: a grouped Conv with one group per input channel.</summary>
[TfOp("DepthwiseConv2dNative", Onnx = "Transpose + Conv (group = in channels) + Transpose", Notes = "Filter [H, W, in, multiplier] becomes [in·multiplier, 1, H, W]; its shape must be static.")]
internal sealed class DepthwiseConv2dTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var layout = SpatialLayout.Of(node, 4);
        var filter = context.Input(node, 1);
        var shape = context.ShapeOf(filter);
        if (shape is not { Count: 4 } || shape.Any(d => d < 0))
        {
            throw node.Error("the filter's shape must be static.");
        }

        var (channels, multiplier) = (shape[2], shape[3]);
        var flat = context.Emit("Reshape", [filter, context.Int64s(shape[0], shape[1], 1, channels * multiplier)]);
        var weights = context.Transpose(flat, [3, 2, 0, 1]);
        var (x, padding) = layout.Pad(context, layout.ToChannelsFirst(context, context.Input(node, 0)), [shape[0], shape[1]], context.ShapeOf(context.Input(node, 0)), 0);
        layout.EmitChannelsFirst(context, "Conv", [x, weights],
        [
            OnnxAttr.Ints("strides", layout.SpatialAttr("strides", 1)),
            OnnxAttr.Ints("dilations", layout.SpatialAttr("dilations", 1)),
            OnnxAttr.Int("group", channels),
            .. padding,
        ]);
    }
}
