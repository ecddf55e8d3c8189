using System.Diagnostics.CodeAnalysis;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// Splits the outputs of a batched run back into each request's rows. Fixed-size outputs are sliced in place
/// (the slices share the run's output through <see cref="SharedTensorOwner"/>); string outputs get their own
/// element arrays (the bytes are shared, not copied). Padding rows are dropped.
/// </summary>
internal static class BatchSplitter
{
    /// <summary>
    /// Per task, its outputs in order; false with TF Serving's text in <paramref name="notBatchMajor"/> when an
    /// output is not batch-major (then nothing is split and the outputs stay the caller's).
    /// </summary>
    public static bool TrySplit(Tensor[] outputs, List<BatchTask> tasks, int paddedRows,
        [NotNullWhen(true)] out Tensor[][]? parts, [NotNullWhen(false)] out string? notBatchMajor)
    {
        parts = null;
        foreach (var output in outputs)
        {
            notBatchMajor = output.Shape.Rank == 0 ? "Batched output tensor has 0 dimensions"
                : output.Shape[0] != paddedRows ? "Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes of the input tensors"
                : null;
            if (notBatchMajor is not null)
            {
                return false;
            }
        }

        notBatchMajor = null;
        var result = new Tensor[tasks.Count][];
        for (var t = 0; t < tasks.Count; t++)
        {
            result[t] = new Tensor[outputs.Length];
        }

        for (var o = 0; o < outputs.Length; o++)
        {
            SplitOne(outputs[o], tasks, result, o);
        }

        parts = result;
        return true;
    }

    private static void SplitOne(Tensor output, List<BatchTask> tasks, Tensor[][] result, int index)
    {
        // Strings get new element arrays (nothing to share), fixed-size slices share the output.
        var owner = output.IsString ? null : new SharedTensorOwner(output, tasks.Count);
        long row = 0;
        for (var t = 0; t < tasks.Count; t++)
        {
            result[t][index] = TensorConcat.SliceRows(output, row, tasks[t].Rows, owner?.Lease());
            row += tasks[t].Rows;
        }

        if (owner is null)
        {
            output.Dispose();
        }
    }
}
