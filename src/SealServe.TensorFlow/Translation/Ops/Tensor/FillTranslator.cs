namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>A tensor of the given shape filled with a scalar (Expand also takes computed values, unlike ConstantOfShape).</summary>
[TfOp("Fill", Onnx = "Expand")]
[TfOp("BroadcastTo", Onnx = "Expand")]
internal sealed class FillTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (value, shape) = node.Op == "Fill" ? (context.Input(node, 1), context.Int64Input(node, 0)) : (context.Input(node, 0), context.Int64Input(node, 1));
        context.Emit("Expand", [value, shape], output: context.Output(node));
    }
}
