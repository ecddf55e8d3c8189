namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("Range", Onnx = "Range")]
internal sealed class RangeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) => context.EmitSame(node, "Range");
}
