using Microsoft.ML.OnnxRuntime.Tensors;
using SealServe.Core.Tensors;

namespace SealServe.Models.Engine;

/// <summary>Maps element types between ONNX Runtime and SealServe (TensorFlow numbering).</summary>
internal static class OnnxTypes
{
    public static DataType ToDataType(TensorElementType type) => type switch
    {
        TensorElementType.Float => DataType.Float,
        TensorElementType.Double => DataType.Double,
        TensorElementType.Float16 => DataType.Half,
        TensorElementType.BFloat16 => DataType.BFloat16,
        TensorElementType.Int8 => DataType.Int8,
        TensorElementType.Int16 => DataType.Int16,
        TensorElementType.Int32 => DataType.Int32,
        TensorElementType.Int64 => DataType.Int64,
        TensorElementType.UInt8 => DataType.UInt8,
        TensorElementType.UInt16 => DataType.UInt16,
        TensorElementType.UInt32 => DataType.UInt32,
        TensorElementType.UInt64 => DataType.UInt64,
        TensorElementType.Bool => DataType.Bool,
        TensorElementType.String => DataType.String,
        TensorElementType.Complex64 => DataType.Complex64,
        TensorElementType.Complex128 => DataType.Complex128,
        _ => DataType.Invalid,
    };

    public static TensorElementType ToElementType(DataType type) => type switch
    {
        DataType.Float => TensorElementType.Float,
        DataType.Double => TensorElementType.Double,
        DataType.Half => TensorElementType.Float16,
        DataType.BFloat16 => TensorElementType.BFloat16,
        DataType.Int8 => TensorElementType.Int8,
        DataType.Int16 => TensorElementType.Int16,
        DataType.Int32 => TensorElementType.Int32,
        DataType.Int64 => TensorElementType.Int64,
        DataType.UInt8 => TensorElementType.UInt8,
        DataType.UInt16 => TensorElementType.UInt16,
        DataType.UInt32 => TensorElementType.UInt32,
        DataType.UInt64 => TensorElementType.UInt64,
        DataType.Bool => TensorElementType.Bool,
        DataType.String => TensorElementType.String,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "No ONNX Runtime element type."),
    };
}
