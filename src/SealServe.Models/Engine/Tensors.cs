using SealServe.Core.Tensors;

namespace SealServe.Models.Engine;

/// <summary>Tensor helpers the engines share.</summary>
internal static class Tensors
{
    /// <summary>A copy in managed memory that the caller owns.</summary>
    public static Tensor Copy(Tensor tensor)
    {
        if (tensor.IsString)
        {
            return Tensor.CreateStrings(tensor.Shape, [.. tensor.Strings]);
        }

        var copy = Tensor.Allocate(tensor.DataType, tensor.Shape);
        tensor.Data.CopyTo(copy.Data);
        return copy;
    }
}
