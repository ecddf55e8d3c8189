namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("Transpose", Onnx = "Transpose", Notes = "perm must be constant (an ONNX attribute).")]
internal sealed class TransposeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var perm = context.RequireConstant(node, 1, "perm").ToInt64s();
        context.Transpose(context.Input(node, 0), perm, context.Output(node));
    }
}
