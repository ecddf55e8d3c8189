using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using ElementType = Onnx.TensorProto.Types.DataType;

namespace SealServe.TensorFlow.Translation.Onnx;

/// <summary>Maps TensorFlow element types (SealServe's <see cref="DataType"/>) to ONNX element types.</summary>
internal static class OnnxTypes
{
    public static bool TryToOnnx(DataType type, out ElementType elementType)
    {
        elementType = type switch
        {
            DataType.Float => ElementType.Float,
            DataType.Double => ElementType.Double,
            DataType.Half => ElementType.Float16,
            DataType.BFloat16 => ElementType.Bfloat16,
            DataType.Int8 => ElementType.Int8,
            DataType.Int16 => ElementType.Int16,
            DataType.Int32 => ElementType.Int32,
            DataType.Int64 => ElementType.Int64,
            DataType.UInt8 => ElementType.Uint8,
            DataType.UInt16 => ElementType.Uint16,
            DataType.UInt32 => ElementType.Uint32,
            DataType.UInt64 => ElementType.Uint64,
            DataType.Bool => ElementType.Bool,
            DataType.String => ElementType.String,
            DataType.Complex64 => ElementType.Complex64,
            DataType.Complex128 => ElementType.Complex128,
            _ => ElementType.Undefined,
        };
        return elementType != ElementType.Undefined;
    }

    /// <summary>The ONNX element type as the <c>int</c> ONNX protos store.</summary>
    public static int ToOnnx(DataType type) => TryToOnnx(type, out var elementType)
        ? (int)elementType
        : throw ServingException.Unimplemented($"TensorFlow type {DataTypes.TfName(type)} has no ONNX tensor element type.");

    public static DataType FromOnnx(int elementType) => (ElementType)elementType switch
    {
        ElementType.Float => DataType.Float,
        ElementType.Double => DataType.Double,
        ElementType.Float16 => DataType.Half,
        ElementType.Bfloat16 => DataType.BFloat16,
        ElementType.Int8 => DataType.Int8,
        ElementType.Int16 => DataType.Int16,
        ElementType.Int32 => DataType.Int32,
        ElementType.Int64 => DataType.Int64,
        ElementType.Uint8 => DataType.UInt8,
        ElementType.Uint16 => DataType.UInt16,
        ElementType.Uint32 => DataType.UInt32,
        ElementType.Uint64 => DataType.UInt64,
        ElementType.Bool => DataType.Bool,
        ElementType.String => DataType.String,
        ElementType.Complex64 => DataType.Complex64,
        ElementType.Complex128 => DataType.Complex128,
        _ => DataType.Invalid,
    };

    public static bool IsFloatingPoint(DataType type) => type is DataType.Float or DataType.Double or DataType.Half or DataType.BFloat16;
}
