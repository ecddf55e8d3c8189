using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("Cast", Onnx = "Cast", Notes = "Reals to integers truncate toward zero, as TF.")]
internal sealed class CastTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("Cast", [context.Input(node, 0)], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(node.GetType("DstT")))], context.Output(node));
}
