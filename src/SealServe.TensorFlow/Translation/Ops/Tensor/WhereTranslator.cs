namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Coordinates of the true (non-zero) elements, one row each: [n, rank] int64.</summary>
[TfOp("Where", Onnx = "NonZero + Transpose")]
internal sealed class WhereTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Transpose(context.Emit("NonZero", [context.Input(node, 0)]), [1, 0], context.Output(node));
}
