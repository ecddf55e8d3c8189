using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>
/// Concatenates the inputs of a batch's requests along dimension 0 into pooled tensors, padding inner
/// dimensions (<c>pad_variable_length_inputs</c>) and rows (<c>allowed_batch_sizes</c>) as configured.
/// </summary>
/// <remarks>
/// Padding rows repeat the first row of the last request, as TF Serving does: a real input row is always
/// valid for the model, where zeros or empty strings might make it fail (a parse of "", a log of 0) and
/// take the whole batch down with it. Padding rows are dropped from the outputs.
/// </remarks>
internal static class BatchMerger
{
    /// <summary>One merged tensor per input, with <paramref name="paddedRows"/> rows; the caller disposes them.</summary>
    public static Tensor[] Merge(List<BatchTask> tasks, int paddedRows)
    {
        var merged = new Tensor[tasks[0].Inputs.Length];
        try
        {
            for (var i = 0; i < merged.Length; i++)
            {
                merged[i] = MergeInput(tasks, i, paddedRows);
            }

            return merged;
        }
        catch
        {
            BatchTask.Dispose(merged);
            throw;
        }
    }

    private static Tensor MergeInput(List<BatchTask> tasks, int input, int paddedRows)
    {
        var first = tasks[0].Inputs[input];
        var dims = first.Shape.ToArray();
        dims[0] = paddedRows;
        for (var t = 1; t < tasks.Count; t++)
        {
            var other = tasks[t].Inputs[input].Shape;
            for (var d = 1; d < dims.Length; d++)
            {
                dims[d] = Math.Max(dims[d], other[d]);
            }
        }

        var shape = new TensorShape(dims);
        var merged = first.IsString ? Tensor.CreateStrings(shape, new byte[shape.ElementCount][]) : TensorConcat.Rent(first.DataType, shape);
        long row = 0;
        foreach (var task in tasks)
        {
            TensorConcat.CopyRows(task.Inputs[input], merged, row);
            row += task.Rows;
        }

        PadRows(merged, row - tasks[^1].Rows, row, paddedRows);
        return merged;
    }

    /// <summary>Fills rows <paramref name="from"/>..<paramref name="to"/> with copies of row <paramref name="source"/>.</summary>
    private static void PadRows(Tensor merged, long source, long from, int to)
    {
        if (from >= to)
        {
            return;
        }

        var rowElements = merged.Shape.ElementCount / merged.Shape[0];
        if (merged.IsString)
        {
            var values = TensorConcat.StringArray(merged);
            for (var r = from; r < to; r++)
            {
                Array.Copy(values, source * rowElements, values, r * rowElements, rowElements);
            }

            return;
        }

        var rowBytes = (int)rowElements * DataTypes.ElementSize(merged.DataType);
        var data = merged.Data.Span;
        var padding = data.Slice((int)source * rowBytes, rowBytes);
        for (var r = (int)from; r < to; r++)
        {
            padding.CopyTo(data[(r * rowBytes)..]);
        }
    }
}
