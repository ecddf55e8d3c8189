using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>The split ops' result: a sparse [batch, longest row] matrix of tokens (indices, values, dense shape).</summary>
internal static class SparseTokens
{
    /// <summary>Declares the three outputs: int64 indices [n, 2], string values [n], int64 shape [2].</summary>
    public static void Declare(KernelConstruction construction)
    {
        construction.Output(DataType.Int64, ShapeSpec.Of(-1, 2));
        construction.Output(DataType.String, ShapeSpec.Of(-1));
        construction.Output(DataType.Int64, ShapeSpec.Of(2));
    }

    /// <summary>Row i of the result is <paramref name="rows"/>[i].</summary>
    public static Tensor[] Of(IReadOnlyList<List<byte[]>> rows)
    {
        var count = rows.Sum(r => r.Count);
        var indices = new long[2 * count];
        var values = new byte[count][];
        var longest = 0;
        var at = 0;
        for (var row = 0; row < rows.Count; row++)
        {
            longest = Math.Max(longest, rows[row].Count);
            for (var column = 0; column < rows[row].Count; column++, at++)
            {
                (indices[2 * at], indices[(2 * at) + 1]) = (row, column);
                values[at] = rows[row][column];
            }
        }

        return
        [
            KernelTensors.Of(new TensorShape(count, 2), indices),
            KernelTensors.Of(new TensorShape(count), values),
            KernelTensors.Of(new TensorShape(2), new long[] { rows.Count, longest }),
        ];
    }

    /// <summary>The input's strings, which must form a vector.</summary>
    public static IReadOnlyList<byte[]> Vector(Tensor input) => input.Shape.Rank == 1
        ? KernelTensors.Strings(input, "input")
        : throw Core.Errors.ServingException.InvalidArgument($"input must be a vector, got shape: {input.Shape}");
}
