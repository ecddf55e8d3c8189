using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>Max and average pooling, 2-D and 3-D.</summary>
[TfOp("MaxPool", "MaxPool3D", Onnx = "Transpose + MaxPool + Transpose", Notes = "SAME as for Conv2D (a run-time Pad fills with -inf).")]
[TfOp("AvgPool", "AvgPool3D", Onnx = "Transpose + AveragePool + Transpose", Notes = "Padding is not counted in averages (count_include_pad=0), as TF; with a run-time Pad, the sum over the window divided by the count of real pixels.")]
internal sealed class PoolTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var layout = SpatialLayout.Of(node, node.Op.EndsWith("3D", StringComparison.Ordinal) ? 5 : 4);
        var kernel = layout.SpatialAttr("ksize", 1);
        var x = layout.ToChannelsFirst(context, context.Input(node, 0));
        var inputShape = context.ShapeOf(context.Input(node, 0));
        var window = new[] { OnnxAttr.Ints("kernel_shape", kernel), OnnxAttr.Ints("strides", layout.SpatialAttr("strides", 1)) };
        if (node.Op.StartsWith("Max", StringComparison.Ordinal))
        {
            var (padded, padding) = layout.Pad(context, x, kernel, inputShape, double.NegativeInfinity);
            layout.EmitChannelsFirst(context, "MaxPool", [padded], [.. window, .. padding]);
        }
        else if (layout.NeedsRuntimePadding(kernel, inputShape))
        {
            // A run-time Pad writes zeros that AveragePool would count: divide the windows' sums by their real pixels.
            var (padded, _) = layout.Pad(context, x, kernel, inputShape, 0);
            var ones = context.Emit("ConstantOfShape", [context.Emit("Shape", [x])], [OnnxAttr.Tensor("value", TensorValue.FromDoubles(node.GetType("T"), [1], [1]).ToOnnx("one"))]);
            var (paddedOnes, _) = layout.Pad(context, ones, kernel, inputShape, 0);
            var sums = context.Emit("AveragePool", [padded], [.. window, OnnxAttr.Int("count_include_pad", 1)]);
            var counts = context.Emit("AveragePool", [paddedOnes], [.. window, OnnxAttr.Int("count_include_pad", 1)]);
            layout.EmitChannelsFirst(context, "Div", [sums, counts], []);
        }
        else
        {
            var (padded, padding) = layout.Pad(context, x, kernel, inputShape, 0);
            layout.EmitChannelsFirst(context, "AveragePool", [padded], [.. window, .. padding]);
        }
    }
}
