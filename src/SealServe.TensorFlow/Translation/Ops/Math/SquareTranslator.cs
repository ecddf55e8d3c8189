namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("Square", Onnx = "Mul(x, x)")]
internal sealed class SquareTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var x = context.Input(node, 0);
        context.Emit("Mul", [x, x], output: context.Output(node));
    }
}
