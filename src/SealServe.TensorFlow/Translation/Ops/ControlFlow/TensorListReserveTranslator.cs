namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>
/// TensorLists are ONNX tensors whose first dimension indexes the elements. A reserved list has no
/// elements yet; the While loop that writes it turns it into that loop's scan output.
/// </summary>
[TfOp("TensorListReserve", "EmptyTensorList", Onnx = "— (becomes a Loop scan output)", Notes = "Only as a list a While loop writes at its iteration index (or at 0 of a 1-element list: the last write).")]
internal sealed class TensorListReserveTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        // Input 1 is num_elements (TensorListReserve) or max_num_elements (EmptyTensorList).
        context.Defer(node, new ReservedList(context.Input(node, 1), node.GetType("element_dtype")));
    }
}
