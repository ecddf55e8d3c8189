using Onnx;
using SealServe.Core.Signatures;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation.Onnx;

/// <summary>Builds the ValueInfo (name, element type, optional shape) of graph inputs and outputs.</summary>
internal static class OnnxValueInfo
{
    /// <param name="name">The value's name.</param>
    /// <param name="dataType">Its element type; <see cref="DataType.Invalid"/> leaves it undefined (for a later stage's input, see <c>OnnxStage</c>).</param>
    /// <param name="shape">Its declared shape; null or unknown rank leaves the shape out, -1 dimensions stay unnamed unless named.</param>
    public static ValueInfoProto Tensor(string name, DataType dataType, ShapeSpec? shape)
    {
        var tensorType = new TypeProto.Types.Tensor { ElemType = dataType == DataType.Invalid ? 0 : OnnxTypes.ToOnnx(dataType) };
        if (shape is { UnknownRank: false })
        {
            tensorType.Shape = new TensorShapeProto();
            foreach (var dim in shape.Dims)
            {
                tensorType.Shape.Dim.Add(dim.Size >= 0
                    ? new TensorShapeProto.Types.Dimension { DimValue = dim.Size }
                    : dim.Name.Length > 0 ? new TensorShapeProto.Types.Dimension { DimParam = dim.Name } : new TensorShapeProto.Types.Dimension());
            }
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
    }
}
