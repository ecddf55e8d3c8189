namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("Rsqrt", Onnx = "Reciprocal(Sqrt)")]
internal sealed class RsqrtTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("Reciprocal", [context.Emit("Sqrt", [context.Input(node, 0)])], output: context.Output(node));
}
