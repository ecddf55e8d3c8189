namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("Relu6", Onnx = "Clip(0, 6)")]
internal sealed class Relu6Translator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var type = node.GetType("T");
        context.Emit("Clip", [context.Input(node, 0), context.Scalar(type, 0), context.Scalar(type, 6)], output: context.Output(node));
    }
}
