namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>Writes happen inside While loops, where the loop collects them as scan outputs; anywhere else they are not supported.</summary>
[TfOp("TensorListSetItem", Onnx = "— (Loop scan output)", Notes = "Only as the update of a list a While loop carries.")]
internal sealed class TensorListSetItemTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        throw node.Error("TensorListSetItem is only supported as the update of a list carried by a While loop (writing at the iteration index).");
}
