using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels;

/// <summary>NumPy broadcasting of two shapes: the result's shape and, for each result element, the source elements.</summary>
internal sealed class Broadcast
{
    private readonly long[] resultStrides;
    private readonly long[] xStrides;
    private readonly long[] yStrides;

    private Broadcast(TensorShape shape, long[] resultStrides, long[] xStrides, long[] yStrides)
    {
        Shape = shape;
        this.resultStrides = resultStrides;
        this.xStrides = xStrides;
        this.yStrides = yStrides;
    }

    public TensorShape Shape { get; }

    /// <summary>The broadcast of <paramref name="x"/> and <paramref name="y"/>, or null when they are incompatible.</summary>
    public static Broadcast? Of(TensorShape x, TensorShape y)
    {
        var rank = Math.Max(x.Rank, y.Rank);
        var dims = new long[rank];
        var (xStrides, yStrides) = (new long[rank], new long[rank]);
        long xStride = 1, yStride = 1;
        for (var d = rank - 1; d >= 0; d--)
        {
            var xd = d - (rank - x.Rank) >= 0 ? x[d - (rank - x.Rank)] : 1;
            var yd = d - (rank - y.Rank) >= 0 ? y[d - (rank - y.Rank)] : 1;
            if (xd != yd && xd != 1 && yd != 1)
            {
                return null;
            }

            dims[d] = xd == 1 ? yd : xd;
            (xStrides[d], yStrides[d]) = (xd == 1 ? 0 : xStride, yd == 1 ? 0 : yStride);
            (xStride, yStride) = (xStride * xd, yStride * yd);
        }

        var resultStrides = new long[rank];
        for (long d = rank - 1, stride = 1; d >= 0; stride *= dims[d], d--)
        {
            resultStrides[d] = stride;
        }

        return new Broadcast(new TensorShape(dims), resultStrides, xStrides, yStrides);
    }

    /// <summary>The flat indices in x and y that result element <paramref name="index"/> reads.</summary>
    public (long X, long Y) Sources(long index)
    {
        long x = 0, y = 0;
        for (var d = 0; d < resultStrides.Length; d++)
        {
            var coordinate = index / resultStrides[d];
            index %= resultStrides[d];
            x += coordinate * xStrides[d];
            y += coordinate * yStrides[d];
        }

        return (x, y);
    }
}
