using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("Reshape", Onnx = "Reshape", Notes = "-1 infers a dimension, as TF; a constant 0 is a zero-size dimension (allowzero=1), not ONNX's 'copy'.")]
internal sealed class ReshapeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var shape = context.Int64Input(node, 1);
        var hasZero = context.TryGetConstant(shape)?.ToInt64s().Contains(0) == true;
        context.Emit("Reshape", [context.Input(node, 0), shape], hasZero ? [OnnxAttr.Int("allowzero", 1)] : null, context.Output(node));
    }
}
