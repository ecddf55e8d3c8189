using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation.Ops.Lookup;

/// <summary>A lookup table: its contents, filled at load by the model's init op, are looked up by <see cref="LookupTableFindTranslator"/>.</summary>
[TfOp("HashTableV2", "HashTable", Onnx = "— (its contents go into the lookups)", Notes = "Filled by the init op: InitializeTableV2 (constants) or InitializeTableFromTextFileV2 (a vocabulary in assets/, sealed or not); immutable once loaded.")]
internal sealed class HashTableTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var contents = context.Tables.Resolve(node.Definition);
        var (keyType, valueType) = (node.GetType("key_dtype"), node.GetType("value_dtype"));
        if (contents.Keys.DataType != keyType || contents.Values.DataType != valueType)
        {
            throw node.Error($"the table maps {DataTypes.ShortName(keyType)} to {DataTypes.ShortName(valueType)} but is filled with {DataTypes.ShortName(contents.Keys.DataType)} to {DataTypes.ShortName(contents.Values.DataType)}.");
        }

        context.Defer(node, new TableHandle(node.Name, contents));
    }
}
