namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("ExpandDims", Onnx = "Unsqueeze", Notes = "Negative axes insert from the end (-1 appends), as in TF.")]
internal sealed class ExpandDimsTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axis = context.Int64Vector(node, 1);
        context.Emit("Unsqueeze", [context.Input(node, 0), axis], output: context.Output(node));
    }
}
