namespace SealServe.Core.Tensors;

/// <summary>Sizes and TensorFlow names of <see cref="DataType"/> values.</summary>
public static class DataTypes
{
    /// <summary>TensorFlow marks reference types by adding this offset (<c>DT_FLOAT_REF</c> = 101).</summary>
    public const int RefOffset = 100;

    /// <summary>Bytes per element of a fixed-size type; 0 for strings and types we cannot hold.</summary>
    public static int ElementSize(DataType type) => type switch
    {
        DataType.Float or DataType.Int32 or DataType.UInt32 => 4,
        DataType.Double or DataType.Int64 or DataType.UInt64 or DataType.Complex64 => 8,
        DataType.Int16 or DataType.UInt16 or DataType.Half or DataType.BFloat16 => 2,
        DataType.Int8 or DataType.UInt8 or DataType.Bool => 1,
        DataType.Complex128 => 16,
        _ => 0,
    };

    /// <summary>True for the element types a <see cref="Tensor"/> can carry through the server.</summary>
    public static bool IsSupported(DataType type) => type switch
    {
        DataType.Float or DataType.Double or DataType.Half or DataType.BFloat16
            or DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64
            or DataType.UInt8 or DataType.UInt16 or DataType.UInt32 or DataType.UInt64
            or DataType.Bool or DataType.String => true,
        _ => false,
    };

    /// <summary>TensorFlow's enum name, e.g. <c>DT_FLOAT</c> or <c>DT_FLOAT_REF</c>.</summary>
    public static string TfName(DataType type)
    {
        var value = (int)type;
        var isRef = value > RefOffset;
        var baseType = (DataType)(isRef ? value - RefOffset : value);
        var name = baseType switch
        {
            DataType.Invalid => "DT_INVALID",
            DataType.UInt8 => "DT_UINT8",
            DataType.UInt16 => "DT_UINT16",
            DataType.UInt32 => "DT_UINT32",
            DataType.UInt64 => "DT_UINT64",
            DataType.QInt8 => "DT_QINT8",
            DataType.QUInt8 => "DT_QUINT8",
            DataType.QInt16 => "DT_QINT16",
            DataType.QUInt16 => "DT_QUINT16",
            DataType.QInt32 => "DT_QINT32",
            DataType.BFloat16 => "DT_BFLOAT16",
            DataType.Complex64 => "DT_COMPLEX64",
            DataType.Complex128 => "DT_COMPLEX128",
            _ when Enum.IsDefined(baseType) => "DT_" + baseType.ToString().ToUpperInvariant(),
            _ => $"DT_UNKNOWN_{value}",
        };
        return isRef ? name + "_REF" : name;
    }

    /// <summary>The short lower-case name TensorFlow Serving uses in JSON errors (<c>float</c>, <c>int32</c>, <c>string</c>...).</summary>
    public static string ShortName(DataType type) => type switch
    {
        DataType.Float => "float",
        DataType.Double => "double",
        DataType.Half => "half",
        DataType.BFloat16 => "bfloat16",
        DataType.Int8 => "int8",
        DataType.Int16 => "int16",
        DataType.Int32 => "int32",
        DataType.Int64 => "int64",
        DataType.UInt8 => "uint8",
        DataType.UInt16 => "uint16",
        DataType.UInt32 => "uint32",
        DataType.UInt64 => "uint64",
        DataType.Bool => "bool",
        DataType.String => "string",
        DataType.Complex64 => "complex64",
        DataType.Complex128 => "complex128",
        _ => TfName(type),
    };
}
