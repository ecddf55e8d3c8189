using System.Text;

namespace SealServe.Core.Tensors;

/// <summary>The concrete dimensions of a tensor (all known, all ≥ 0). Immutable.</summary>
public sealed class TensorShape : IEquatable<TensorShape>
{
    /// <summary>TensorFlow's limit on the number of dimensions.</summary>
    public const int MaxRank = 254;

    private readonly long[] dims;

    /// <summary>Creates a shape; the array is taken over, not copied.</summary>
    public TensorShape(params long[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        long count = 1;
        foreach (var d in dims)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(dims));
            count = checked(count * d);
        }

        this.dims = dims;
        ElementCount = count;
    }

    /// <summary>The shape of a scalar.</summary>
    public static TensorShape Scalar { get; } = new();

    public int Rank => dims.Length;

    public long ElementCount { get; }

    /// <summary>
    /// Bytes of <see cref="ElementCount"/> elements of <paramref name="elementSize"/> bytes each, or -1 when that
    /// is more than a <see cref="long"/> holds (a hostile shape such as <c>[2^62+1]</c> must not wrap to a small size).
    /// </summary>
    public long ByteCount(int elementSize)
    {
        var bytes = (Int128)ElementCount * elementSize;
        return bytes > long.MaxValue ? -1 : (long)bytes;
    }

    public ReadOnlySpan<long> Dims => dims;

    public long this[int index] => dims[index];

    /// <summary>A copy of the dimensions, for APIs that want their own array.</summary>
    public long[] ToArray() => (long[])dims.Clone();

    /// <summary>The same shape with dimension 0 replaced (used to merge and split batches).</summary>
    public TensorShape WithBatch(long batch)
    {
        var copy = ToArray();
        copy[0] = batch;
        return new TensorShape(copy);
    }

    /// <summary>TensorFlow Serving's compact form: <c>[3,2]</c>, scalar <c>[]</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < dims.Length; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            text.Append(dims[i]);
        }

        return text.Append(']').ToString();
    }

    public bool Equals(TensorShape? other) => other is not null && dims.AsSpan().SequenceEqual(other.dims);

    public override bool Equals(object? obj) => Equals(obj as TensorShape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var d in dims)
        {
            hash.Add(d);
        }

        return hash.ToHashCode();
    }
}
