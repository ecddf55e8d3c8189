using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("LeakyRelu", Onnx = "LeakyRelu", Notes = "TF's default alpha is 0.2 (ONNX's is 0.01): always set.")]
internal sealed class LeakyReluTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit("LeakyRelu", [context.Input(node, 0)], [OnnxAttr.Float("alpha", node.GetFloat("alpha", 0.2f))], context.Output(node));
}
