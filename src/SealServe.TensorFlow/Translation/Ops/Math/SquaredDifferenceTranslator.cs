namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("SquaredDifference", Onnx = "Sub + Mul", Notes = "(x - y)², broadcasting.")]
internal sealed class SquaredDifferenceTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var difference = context.Emit("Sub", [context.Input(node, 0), context.Input(node, 1)]);
        context.Emit("Mul", [difference, difference], output: context.Output(node));
    }
}
