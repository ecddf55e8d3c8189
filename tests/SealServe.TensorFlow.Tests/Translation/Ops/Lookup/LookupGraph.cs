using System.Text;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Lookup;

/// <summary><c>found = table.lookup(keys, default)</c> on a HashTableV2 whose contents a test chooses.</summary>
internal static class LookupGraph
{
    public static TfGraphBuilder Find(DataType keyType, DataType valueType, TensorValue defaultValue)
    {
        var graph = new TfGraphBuilder();
        var keys = graph.Placeholder("keys", keyType, null);
        graph.Op("HashTableV2", "table", [], ("key_dtype", TfGraphBuilder.TypeAttr(keyType)), ("value_dtype", TfGraphBuilder.TypeAttr(valueType)));
        graph.Op("LookupTableFindV2", "found", ["table:0", keys, graph.Const("default", defaultValue)], ("Tin", TfGraphBuilder.TypeAttr(keyType)), ("Tout", TfGraphBuilder.TypeAttr(valueType)));
        return graph;
    }

    public static global::Onnx.ModelProto Translate(TfGraphBuilder graph, LookupTableContents? contents, string output) =>
        GraphTranslator.Translate(new TranslationRequest(graph.Graph, graph.Inputs, [output], new ZeroVariables(), "tables", contents is null ? null : new OneTable(contents)));

    public static SealServe.Core.Tensors.Tensor Strings(params string[] values) =>
        SealServe.Core.Tensors.Tensor.CreateStrings(new TensorShape(values.Length), [.. values.Select(Encoding.UTF8.GetBytes)]);

    private sealed class OneTable(LookupTableContents contents) : ITableResolver
    {
        public LookupTableContents Resolve(NodeDef tableNode) => contents;
    }
}
