using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// Splits the outputs of a batched run back into each request's rows. Fixed-size outputs are sliced in place
/// (the slices share the run's output through <see cref="SharedTensorOwner"/>); string outputs get their own
/// element arrays (the bytes are shared, not copied). Padding rows are dropped.
/// </summary>
internal static class BatchSplitter
{
    /// <summary>Per task, its outputs in order. Throws FAILED_PRECONDITION (TF Serving's texts) when an output is not batch-major.</summary>
    public static Tensor[][] Split(Tensor[] outputs, List<BatchTask> tasks, int paddedRows)
    {
        foreach (var output in outputs)
        {
            if (output.Shape.Rank == 0)
            {
                throw ServingException.FailedPrecondition("Batched output tensor has 0 dimensions");
            }

            if (output.Shape[0] != paddedRows)
            {
                throw ServingException.FailedPrecondition(
                    "Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes of the input tensors");
            }
        }

        var result = new Tensor[tasks.Count][];
        for (var t = 0; t < tasks.Count; t++)
        {
            result[t] = new Tensor[outputs.Length];
        }

        for (var o = 0; o < outputs.Length; o++)
        {
            SplitOne(outputs[o], tasks, result, o);
        }

        return result;
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
