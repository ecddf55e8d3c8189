using SealServe.Core.Tensors;

namespace SealServe.Server.Codecs.V2;

/// <summary>Reads a request tensor's shape: non-negative dimensions, at most <see cref="TensorShape.MaxRank"/>, a countable element total.</summary>
internal static class V2Shapes
{
    public static TensorShape Read(string name, ReadOnlySpan<long> dims)
    {
        if (dims.Length > TensorShape.MaxRank)
        {
            throw V2Errors.Tensor(name, $"shape has {dims.Length} dimensions; at most {TensorShape.MaxRank} are allowed");
        }

        for (var i = 0; i < dims.Length; i++)
        {
            if (dims[i] < 0)
            {
                throw V2Errors.Tensor(name, $"dimension {i} of the shape is {dims[i]}");
            }
        }

        try
        {
            return new TensorShape(dims.ToArray());
        }
        catch (OverflowException)
        {
            throw V2Errors.Tensor(name, $"shape [{string.Join(",", dims.ToArray())}] has too many elements");
        }
    }
}
