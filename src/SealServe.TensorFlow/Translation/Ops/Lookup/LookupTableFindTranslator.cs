using Google.Protobuf;
using Onnx;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Lookup;

/// <summary>
/// <c>LookupTableFindV2</c>: each key's value, or the default for a key the table lacks; the output has the keys' shape.
/// The table's contents become the attributes of an ONNX-ML <c>LabelEncoder</c>, so lookups run inside ONNX Runtime.
/// </summary>
[TfOp("LookupTableFindV2", "LookupTableFind", Onnx = "LabelEncoder (ai.onnx.ml)", Notes = "String, int64 or int32 keys; string, int64, int32 or float values; the default value must be a constant scalar.")]
internal sealed class LookupTableFindTranslator : IOpTranslator
{
    public const string MlDomain = "ai.onnx.ml";

    public void Translate(TfNode node, TranslationContext context)
    {
        var table = context.Deferred<TableHandle>(context.Input(node, 0)) ?? throw node.Error("its table handle does not come from a HashTableV2 node.");
        var keys = context.Input(node, 1);
        var defaultValue = context.RequireConstant(node, 2, "default value");
        if (defaultValue.ElementCount != 1 || defaultValue.DataType != table.ValueType)
        {
            throw node.Error($"its default value must be one {DataTypes.ShortName(table.ValueType)} (a HashTable's values are scalars), got {defaultValue}.");
        }

        var shape = context.ShapeOf(keys);
        var output = context.Output(node);
        if (table.Contents.Count == 0)
        {
            // Nothing to find: every key gets the default (ONNX Runtime refuses a LabelEncoder without keys).
            context.Emit("Expand", [context.AddConstant(defaultValue.Reshape([])), context.Emit("Shape", [keys])], output: output);
            context.SetShape(output, shape);
            return;
        }

        if (table.KeyType == DataType.Int32)
        {
            keys = context.Emit("Cast", [keys], [OnnxAttr.Int("to", (long)TensorProto.Types.DataType.Int64)]);
        }

        context.RequireOpset(MlDomain, 2);
        var attributes = new List<AttributeProto> { Entries("keys", table.Contents.Keys), Entries("values", table.Contents.Values), Default(defaultValue) };
        if (table.ValueType == DataType.Int32)
        {
            var found = context.Emit("LabelEncoder", [keys], attributes, domain: MlDomain);
            context.Emit("Cast", [found], [OnnxAttr.Int("to", (long)TensorProto.Types.DataType.Int32)], output: output);
        }
        else
        {
            context.Emit("LabelEncoder", [keys], attributes, output: output, domain: MlDomain);
        }

        context.SetShape(output, shape);
    }

    /// <summary><c>keys_strings</c>, <c>values_int64s</c>...: LabelEncoder (opset 2) takes strings, int64s (int32 widened) and floats.</summary>
    private static AttributeProto Entries(string prefix, Core.Tensors.Tensor entries) => entries.DataType switch
    {
        DataType.String => OnnxAttr.Strings(prefix + "_strings", entries.Strings.Select(ByteString.CopyFrom)),
        DataType.Int64 => OnnxAttr.Ints(prefix + "_int64s", entries.AsSpan<long>().ToArray()),
        DataType.Int32 => OnnxAttr.Ints(prefix + "_int64s", entries.AsSpan<int>().ToArray().Select(v => (long)v)),
        DataType.Float => OnnxAttr.Floats(prefix + "_floats", entries.AsSpan<float>().ToArray()),
        _ => throw Core.Errors.ServingException.Unimplemented($"Lookup tables of {DataTypes.TfName(entries.DataType)} cannot be translated (ONNX's LabelEncoder takes strings, integers and floats)."),
    };

    private static AttributeProto Default(TensorValue value) => value.DataType switch
    {
        DataType.String => new AttributeProto { Name = "default_string", Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFrom(value.Strings[0]) },
        DataType.Float => OnnxAttr.Float("default_float", value.Span<float>()[0]),
        _ => OnnxAttr.Int("default_int64", value.ToInt64s()[0]),
    };
}
