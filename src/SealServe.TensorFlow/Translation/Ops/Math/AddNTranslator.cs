namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("AddN", Onnx = "Sum")]
internal sealed class AddNTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) => context.EmitSame(node, "Sum");
}
