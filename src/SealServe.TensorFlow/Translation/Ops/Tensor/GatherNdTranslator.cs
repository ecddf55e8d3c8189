namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("GatherNd", Onnx = "GatherND")]
internal sealed class GatherNdTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("GatherND", [context.Input(node, 0), context.Int64Input(node, 1)], output: context.Output(node));
}
