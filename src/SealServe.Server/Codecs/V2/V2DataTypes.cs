using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.V2;

/// <summary>The Open Inference Protocol's datatype names (<c>FP32</c>, <c>BYTES</c>...) for our element types.</summary>
internal static class V2DataTypes
{
    private static readonly Dictionary<string, DataType> ByName = new(StringComparer.Ordinal)
    {
        ["BOOL"] = DataType.Bool,
        ["UINT8"] = DataType.UInt8,
        ["UINT16"] = DataType.UInt16,
        ["UINT32"] = DataType.UInt32,
        ["UINT64"] = DataType.UInt64,
        ["INT8"] = DataType.Int8,
        ["INT16"] = DataType.Int16,
        ["INT32"] = DataType.Int32,
        ["INT64"] = DataType.Int64,
        ["FP16"] = DataType.Half,
        ["BF16"] = DataType.BFloat16,
        ["FP32"] = DataType.Float,
        ["FP64"] = DataType.Double,
        ["BYTES"] = DataType.String,
    };

    private static readonly Dictionary<DataType, string> Names = ByName.ToDictionary(p => p.Value, p => p.Key);

    /// <summary>The protocol's name of <paramref name="type"/> (every type a tensor can carry has one).</summary>
    public static string Name(DataType type) => Names.TryGetValue(type, out var name) ? name : DataTypes.TfName(type);

    /// <summary>The element type a request names; INVALID_ARGUMENT naming the tensor for an unknown name.</summary>
    public static DataType Parse(string tensor, string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw V2Errors.Tensor(tensor, $"unknown datatype '{name}'; expected one of {string.Join(", ", ByName.Keys)}");
}
