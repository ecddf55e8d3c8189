namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("Tile", Onnx = "Tile")]
internal sealed class TileTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("Tile", [context.Input(node, 0), context.Int64Input(node, 1)], output: context.Output(node));
}
