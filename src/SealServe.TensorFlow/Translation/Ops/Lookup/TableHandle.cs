using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation.Ops.Lookup;

/// <summary>What a table-handle value stands for while translating: the table node and its contents (a handle has no ONNX tensor).</summary>
internal sealed record TableHandle(string TableNode, LookupTableContents Contents)
{
    public DataType KeyType => Contents.Keys.DataType;

    public DataType ValueType => Contents.Values.DataType;
}
