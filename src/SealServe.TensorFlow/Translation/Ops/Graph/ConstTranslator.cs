namespace SealServe.TensorFlow.Translation.Ops.Graph;

[TfOp("Const", Onnx = "initializer")]
internal sealed class ConstTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Alias(node, 0, context.AddConstant(TensorValue.FromTf(node.GetTensor("value")), node.Name));
}
