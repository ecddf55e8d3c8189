namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>Moves elements of constants: the layout ops of <see cref="ConstantEvaluator"/> (any element type).</summary>
internal static class ConstantLayout
{
    public static long[] Strides(IReadOnlyList<long> shape)
    {
        var strides = new long[shape.Count];
        long stride = 1;
        for (var i = shape.Count - 1; i >= 0; i--)
        {
            strides[i] = stride;
            stride *= shape[i];
        }

        return strides;
    }

    public static long Count(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (var dim in shape)
        {
            count *= dim;
        }

        return count;
    }

    /// <summary>A tensor of shape <paramref name="shape"/> whose element i is <paramref name="source"/>'s element <paramref name="indices"/>[i].</summary>
    /// <remarks>The indices are consumed lazily, so transposing a large weight never holds an index per element.</remarks>
    public static TensorValue Take(TensorValue source, long[] shape, IEnumerable<long> indices)
    {
        if (source.IsString)
        {
            return TensorValue.FromStrings(shape, [.. indices.Select(i => source.Strings[(int)i])]);
        }

        var size = Core.Tensors.DataTypes.ElementSize(source.DataType);
        var bytes = new byte[Count(shape) * size];
        var position = 0;
        foreach (var index in indices)
        {
            source.RawBytes.Span.Slice((int)(index * size), size).CopyTo(bytes.AsSpan(position));
            position += size;
        }

        return TensorValue.FromRaw(source.DataType, shape, bytes);
    }

    public static TensorValue Transpose(TensorValue source, IReadOnlyList<long> perm)
    {
        var shape = perm.Select(p => source.Shape[(int)p]).ToArray();
        var sourceStrides = Strides(source.Shape);
        return Take(source, shape, Indices(shape, (position, dim) => position * sourceStrides[(int)perm[dim]]));
    }

    /// <summary>ONNX Slice with resolved per-axis starts and steps (counts already clamped).</summary>
    public static TensorValue Slice(TensorValue source, long[] starts, long[] steps, long[] counts)
    {
        var strides = Strides(source.Shape);
        return Take(source, counts, Indices(counts, (position, dim) => (starts[dim] + (position * steps[dim])) * strides[dim]));
    }

    public static TensorValue Gather(TensorValue source, TensorValue indices, int axis)
    {
        var dims = source.Shape;
        var size = dims[axis];
        var positions = indices.ToInt64s().Select(i => i < 0 ? i + size : i).ToArray();
        var outer = Count(dims.Take(axis).ToArray());
        var inner = Count(dims.Skip(axis + 1).ToArray());
        var shape = dims.Take(axis).Concat(indices.Shape).Concat(dims.Skip(axis + 1)).ToArray();
        var result = new long[outer * positions.Length * inner];
        var k = 0;
        for (long o = 0; o < outer; o++)
        {
            foreach (var p in positions)
            {
                for (long i = 0; i < inner; i++)
                {
                    result[k++] = (((o * size) + p) * inner) + i;
                }
            }
        }

        return Take(source, shape, result);
    }

    public static TensorValue Concat(IReadOnlyList<TensorValue> parts, int axis)
    {
        var first = parts[0];
        var shape = first.Shape.ToArray();
        shape[axis] = parts.Sum(p => p.Shape[axis]);
        var outer = Count(shape.Take(axis).ToArray());
        if (first.IsString)
        {
            var strings = new List<byte[]>();
            for (long o = 0; o < outer; o++)
            {
                foreach (var part in parts)
                {
                    var chunk = Count(part.Shape.Skip(axis).ToArray());
                    strings.AddRange(part.Strings.Skip((int)(o * chunk)).Take((int)chunk));
                }
            }

            return TensorValue.FromStrings(shape, [.. strings]);
        }

        var bytes = new List<byte>();
        for (long o = 0; o < outer; o++)
        {
            foreach (var part in parts)
            {
                var chunk = (int)part.RawBytes.Length / (int)Math.Max(outer, 1);
                bytes.AddRange(part.RawBytes.Span.Slice((int)(o * chunk), chunk).ToArray());
            }
        }

        return TensorValue.FromRaw(first.DataType, shape, bytes.ToArray());
    }

    /// <summary>For each position of <paramref name="shape"/> (row-major), the sum over dims of <paramref name="offset"/>(coordinate, dim).</summary>
    private static IEnumerable<long> Indices(long[] shape, Func<long, int, long> offset)
    {
        var count = Count(shape);
        var coordinate = new long[shape.Length];
        for (long i = 0; i < count; i++)
        {
            long index = 0;
            for (var d = 0; d < shape.Length; d++)
            {
                index += offset(coordinate[d], d);
            }

            yield return index;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++coordinate[d] < shape[d])
                {
                    break;
                }

                coordinate[d] = 0;
            }
        }
    }
}
