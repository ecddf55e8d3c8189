using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("Cumsum", Onnx = "CumSum", Notes = "exclusive and reverse map to the ONNX attributes of the same names.")]
internal sealed class CumsumTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit(
            "CumSum",
            [context.Input(node, 0), context.Int64Input(node, 1)],
            [OnnxAttr.Int("exclusive", node.GetBool("exclusive") ? 1 : 0), OnnxAttr.Int("reverse", node.GetBool("reverse") ? 1 : 0)],
            context.Output(node));
}
