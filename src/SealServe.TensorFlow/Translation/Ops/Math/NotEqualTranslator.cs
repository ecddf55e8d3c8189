namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("NotEqual", Onnx = "Not(Equal)")]
internal sealed class NotEqualTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("Not", [context.Emit("Equal", [context.Input(node, 0), context.Input(node, 1)])], output: context.Output(node));
}
