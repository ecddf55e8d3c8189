using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

[TfOp("TensorListGetItem", Onnx = "Gather (axis 0)", Notes = "Reads a list made from a tensor (e.g. the time steps of an RNN input).")]
internal sealed class TensorListGetItemTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var list = context.Input(node, 0);
        if (context.Deferred<ReservedList>(list) is not null)
        {
            throw node.Error("reading a list that a loop is still writing is not supported.");
        }

        context.Emit("Gather", [list, context.Input(node, 1)], [OnnxAttr.Int("axis", 0)], context.Output(node));
    }
}
