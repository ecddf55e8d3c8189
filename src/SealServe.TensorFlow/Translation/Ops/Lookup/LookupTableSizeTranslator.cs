namespace SealServe.TensorFlow.Translation.Ops.Lookup;

/// <summary>A table's size is a constant: tables are filled at load and never change while served.</summary>
[TfOp("LookupTableSizeV2", "LookupTableSize", Onnx = "— (a constant)", Notes = "Tables are immutable once loaded.")]
internal sealed class LookupTableSizeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var table = context.Deferred<TableHandle>(context.Input(node, 0)) ?? throw node.Error("its table handle does not come from a HashTableV2 node.");
        context.Alias(node, 0, context.AddConstant(TensorValue.Scalar(table.Contents.Count)));
    }
}
