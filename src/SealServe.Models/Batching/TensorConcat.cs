using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.Models.Batching;

/// <summary>Row-wise tensor copies for batching: concatenation along dimension 0, with padding of inner dimensions.</summary>
internal static class TensorConcat
{
    /// <summary>A pooled tensor whose bytes are not cleared: for callers that write every byte (the merge does).</summary>
    public static Tensor Rent(DataType dataType, TensorShape shape)
    {
        var length = checked((int)shape.ByteCount(DataTypes.ElementSize(dataType)));
        var rented = BoundedPool.Rent(length);
        return Tensor.Create(dataType, shape, rented.Memory[..length], rented);
    }

    /// <summary>The string elements as an array (the tensor keeps one; no copy).</summary>
    public static byte[][] StringArray(Tensor tensor) => tensor.Strings as byte[][] ?? [.. tensor.Strings];

    /// <summary>True when both shapes have the same rank and the same dimensions after the first.</summary>
    public static bool SameInnerDims(TensorShape a, TensorShape b) => a.Rank == b.Rank && a.Dims[1..].SequenceEqual(b.Dims[1..]);

    /// <summary>
    /// Copies the rows of <paramref name="source"/> into <paramref name="target"/> from row <paramref name="row"/> on.
    /// Inner dimensions smaller than the target's are padded with the source's first element, as TF Serving's
    /// <c>pad_variable_length_inputs</c> does (zero or an empty string when the source has no element).
    /// </summary>
    public static void CopyRows(Tensor source, Tensor target, long row)
    {
        var rowElements = RowElements(target.Shape);
        if (source.IsString)
        {
            var region = StringArray(target).AsSpan(checked((int)(row * rowElements)), checked((int)(source.Shape[0] * rowElements)));
            var values = StringArray(source);
            CopyPadded<byte[]>(values, source.Shape.Dims, region, target.Shape.Dims, 1, values.Length > 0 ? values.AsSpan(0, 1) : [[]]);
            return;
        }

        var size = DataTypes.ElementSize(source.DataType);
        var bytes = target.Data.Span.Slice(checked((int)(row * rowElements * size)), checked((int)(source.Shape[0] * rowElements * size)));
        var data = source.Data.Span;
        Span<byte> zero = stackalloc byte[size];
        zero.Clear();
        CopyPadded(data, source.Shape.Dims, bytes, target.Shape.Dims, size, data.Length >= size ? data[..size] : zero);
    }

    /// <summary>
    /// Rows <paramref name="row"/>.. of <paramref name="tensor"/> without copying: a view over its bytes (released through
    /// <paramref name="owner"/>, if given), or for strings a new element array over the same byte arrays.
    /// </summary>
    public static Tensor SliceRows(Tensor tensor, long row, int rows, IDisposable? owner = null)
    {
        var rowElements = RowElements(tensor.Shape);
        var shape = tensor.Shape.WithBatch(rows);
        if (tensor.IsString)
        {
            return Tensor.CreateStrings(shape, StringArray(tensor).AsSpan(checked((int)(row * rowElements)), checked((int)(rows * rowElements))).ToArray());
        }

        var rowBytes = rowElements * DataTypes.ElementSize(tensor.DataType);
        return Tensor.Create(tensor.DataType, shape, tensor.Data.Slice(checked((int)(row * rowBytes)), checked((int)(rows * rowBytes))), owner);
    }

    /// <summary>A copy of rows <paramref name="row"/>.. of <paramref name="tensor"/> in a pooled tensor (strings share their byte arrays).</summary>
    public static Tensor RentRows(Tensor tensor, long row, int rows)
    {
        var slice = SliceRows(tensor, row, rows);
        if (slice.IsString)
        {
            return slice;
        }

        var copy = Rent(slice.DataType, slice.Shape);
        slice.Data.CopyTo(copy.Data);
        return copy;
    }

    /// <summary>Joins the outputs of a split request's pieces along dimension 0 (copies into pooled tensors).</summary>
    public static Tensor[] Join(Tensor[][] pieces)
    {
        var joined = new Tensor[pieces[0].Length];
        try
        {
            for (var output = 0; output < joined.Length; output++)
            {
                joined[output] = Join(pieces, output);
            }

            return joined;
        }
        catch
        {
            BatchTask.Dispose(joined);
            throw;
        }
    }

    private static Tensor Join(Tensor[][] pieces, int output)
    {
        var first = pieces[0][output];
        long rows = 0;
        foreach (var piece in pieces)
        {
            var tensor = piece[output];
            if (tensor.Shape.Rank == 0 || tensor.DataType != first.DataType || !SameInnerDims(tensor.Shape, first.Shape))
            {
                throw ServingException.FailedPrecondition(
                    $"The pieces of a split request returned output {output} with shapes {first} and {tensor}, which cannot be joined along dimension 0.");
            }

            rows += tensor.Shape[0];
        }

        var shape = first.Shape.WithBatch(rows);
        if (first.IsString)
        {
            var values = new byte[shape.ElementCount][];
            var at = 0;
            foreach (var piece in pieces)
            {
                var part = StringArray(piece[output]);
                part.CopyTo(values, at);
                at += part.Length;
            }

            return Tensor.CreateStrings(shape, values);
        }

        var result = Rent(first.DataType, shape);
        var offset = 0;
        foreach (var piece in pieces)
        {
            var data = piece[output].Data.Span;
            data.CopyTo(result.Data.Span[offset..]);
            offset += data.Length;
        }

        return result;
    }

    private static long RowElements(TensorShape shape)
    {
        long count = 1;
        for (var i = 1; i < shape.Rank; i++)
        {
            count *= shape[i];
        }

        return count;
    }

    /// <summary>
    /// Copies a source block of <paramref name="sourceDims"/> (elements of <paramref name="width"/> items) into a
    /// target block whose dimensions after the first are at least as large, filling the rest with <paramref name="pad"/>.
    /// </summary>
    private static void CopyPadded<T>(ReadOnlySpan<T> source, ReadOnlySpan<long> sourceDims, Span<T> target, ReadOnlySpan<long> targetDims, int width, ReadOnlySpan<T> pad)
    {
        if (sourceDims[1..].SequenceEqual(targetDims[1..]))
        {
            source.CopyTo(target);
            return;
        }

        Fill(target, pad);
        var rank = sourceDims.Length;
        var line = (int)sourceDims[rank - 1] * width;
        if (source.Length == 0 || line == 0)
        {
            return;
        }

        // Walk the source line by line (its last dimension is contiguous in both), tracking the index of
        // every outer dimension to find where the line lands in the larger target.
        Span<long> index = stackalloc long[rank];
        Span<long> stride = stackalloc long[rank];
        stride[rank - 1] = width;
        for (var d = rank - 2; d >= 0; d--)
        {
            stride[d] = stride[d + 1] * targetDims[d + 1];
        }

        for (var from = 0; from < source.Length; from += line)
        {
            long to = 0;
            for (var d = 0; d < rank - 1; d++)
            {
                to += index[d] * stride[d];
            }

            source.Slice(from, line).CopyTo(target[(int)to..]);
            for (var d = rank - 2; d >= 0 && ++index[d] == sourceDims[d]; d--)
            {
                index[d] = 0;
            }
        }
    }

    /// <summary>Repeats <paramref name="pattern"/> over <paramref name="target"/> (doubling copies).</summary>
    private static void Fill<T>(Span<T> target, ReadOnlySpan<T> pattern)
    {
        if (target.IsEmpty)
        {
            return;
        }

        pattern.CopyTo(target);
        for (var filled = pattern.Length; filled < target.Length; filled *= 2)
        {
            target[..Math.Min(filled, target.Length - filled)].CopyTo(target[filled..]);
        }
    }
}
