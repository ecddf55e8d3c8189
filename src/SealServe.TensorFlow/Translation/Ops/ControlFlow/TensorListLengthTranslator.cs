using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

[TfOp("TensorListLength", Onnx = "Shape + Gather + Cast")]
internal sealed class TensorListLengthTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var list = context.Input(node, 0);
        var length = context.Deferred<ReservedList>(list)?.NumElements ?? context.Emit("Gather", [context.Emit("Shape", [list]), context.AddConstant(TensorValue.Scalar(0L))], [OnnxAttr.Int("axis", 0)]);
        context.Alias(node, 0, context.CastTo(length, Core.Tensors.DataType.Int32));
    }
}
