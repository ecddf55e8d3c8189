namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>A list of the slices of a tensor along dimension 0 is that tensor, and stacking a list gives it back.</summary>
[TfOp("TensorListFromTensor", "TensorListStack", Onnx = "— (alias)", Notes = "Lists are stacked tensors.")]
internal sealed class TensorListFromTensorTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var list = context.Input(node, 0);
        if (context.Deferred<ReservedList>(list) is not null)
        {
            throw node.Error("the list was reserved but no loop writes it.");
        }

        context.Alias(node, 0, list);
    }
}
