using System.Runtime.InteropServices;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// The values one variable-size feature (sparse, ragged or variable-length dense) collects over a batch, with
/// where each example's values end: TensorFlow's <c>SparseBuffer</c>.
/// </summary>
internal sealed class FeatureValues(DataType dataType, int examples)
{
    private readonly List<float> floats = [];
    private readonly List<long> int64s = [];
    private readonly List<byte[]> bytes = [];

    public DataType DataType { get; } = dataType;

    /// <summary>End (exclusive) of each example's values.</summary>
    public int[] Ends { get; } = new int[examples];

    public int Count => DataType switch
    {
        DataType.Float => floats.Count,
        DataType.Int64 => int64s.Count,
        _ => bytes.Count,
    };

    /// <summary>Appends a list of this feature's type counted as <paramref name="count"/> values.</summary>
    public void Append(ReadOnlySpan<byte> list, int count)
    {
        switch (DataType)
        {
            case DataType.Float:
                ExampleWire.CopyFloats(list, Grow(floats, count));
                break;
            case DataType.Int64:
                ExampleWire.CopyInt64s(list, Grow(int64s, count));
                break;
            default:
                ExampleWire.CopyBytes(list, Grow(bytes, count));
                break;
        }
    }

    /// <summary>Closes example <paramref name="example"/>: its values are those appended since the previous one.</summary>
    public void EndExample(int example) => Ends[example] = Count;

    /// <summary>Values of example <paramref name="example"/>.</summary>
    public (int Start, int Length) Range(int example)
    {
        var start = example == 0 ? 0 : Ends[example - 1];
        return (start, Ends[example] - start);
    }

    /// <summary>The longest example's number of values.</summary>
    public int MaxPerExample()
    {
        var max = 0;
        for (var e = 0; e < Ends.Length; e++)
        {
            max = Math.Max(max, Range(e).Length);
        }

        return max;
    }

    /// <summary>All values as a tensor of <paramref name="shape"/> (which holds <see cref="Count"/> elements).</summary>
    public Tensor ToTensor(TensorShape shape)
    {
        if (DataType == DataType.String)
        {
            return Tensor.CreateStrings(shape, [.. bytes]);
        }

        var tensor = Tensor.Allocate(DataType, shape);
        CopyTo(0, Count, tensor, 0);
        return tensor;
    }

    /// <summary>Copies values [<paramref name="start"/>, +<paramref name="length"/>) to <paramref name="target"/> from element <paramref name="offset"/>.</summary>
    public void CopyTo(int start, int length, Tensor target, long offset)
    {
        switch (DataType)
        {
            case DataType.Float:
                CollectionsMarshal.AsSpan(floats).Slice(start, length).CopyTo(target.AsSpan<float>()[(int)offset..]);
                break;
            case DataType.Int64:
                CollectionsMarshal.AsSpan(int64s).Slice(start, length).CopyTo(target.AsSpan<long>()[(int)offset..]);
                break;
            default:
                CollectionsMarshal.AsSpan(bytes).Slice(start, length).CopyTo(((byte[][])target.Strings).AsSpan((int)offset));
                break;
        }
    }

    private static Span<T> Grow<T>(List<T> list, int count)
    {
        var start = list.Count;
        CollectionsMarshal.SetCount(list, start + count);
        return CollectionsMarshal.AsSpan(list).Slice(start, count);
    }
}
