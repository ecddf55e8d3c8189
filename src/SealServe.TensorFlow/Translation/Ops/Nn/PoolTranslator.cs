using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>Max and average pooling, 2-D and 3-D.</summary>
[TfOp("MaxPool", "MaxPool3D", Onnx = "Transpose + MaxPool + Transpose")]
[TfOp("AvgPool", "AvgPool3D", Onnx = "Transpose + AveragePool + Transpose", Notes = "Padding is not counted in averages (count_include_pad=0), as TF.")]
internal sealed class PoolTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var layout = SpatialLayout.Of(node, node.Op.EndsWith("3D", StringComparison.Ordinal) ? 5 : 4);
        var x = layout.ToChannelsFirst(context, context.Input(node, 0));
        var op = node.Op.StartsWith("Max", StringComparison.Ordinal) ? "MaxPool" : "AveragePool";
        layout.EmitChannelsFirst(context, op, [x],
        [
            OnnxAttr.Ints("kernel_shape", layout.SpatialAttr("ksize", 1)),
            OnnxAttr.Ints("strides", layout.SpatialAttr("strides", 1)),
            layout.Padding(),
        ]);
    }
}
