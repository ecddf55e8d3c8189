using SealServe.TensorFlow.Translation.Onnx;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>Element-wise arithmetic on constants with numpy broadcasting, in <c>long</c> for integers and <c>double</c> for reals.</summary>
internal static class ConstantArithmetic
{
    public static TensorValue? Binary(string op, TensorValue a, TensorValue b)
    {
        if (a.IsString || b.IsString || !TryBroadcast(a.Shape, b.Shape, out var shape))
        {
            return null;
        }

        var (ia, ib) = (BroadcastIndices(a.Shape, shape), BroadcastIndices(b.Shape, shape));
        var comparison = op is "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual";
        if (OnnxTypes.IsFloatingPoint(a.DataType))
        {
            var (x, y) = (a.ToDoubles(), b.ToDoubles());
            var values = new double[ia.Length];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = Real(op, x[ia[i]], y[ib[i]]);
            }

            return TensorValue.FromDoubles(comparison ? DataType.Bool : a.DataType, shape, values);
        }

        var (p, q) = (a.ToInt64s(), b.ToInt64s());
        var results = new long[ia.Length];
        for (var i = 0; i < results.Length; i++)
        {
            if (op is "Div" or "Mod" && q[ib[i]] == 0)
            {
                return null;
            }

            results[i] = Integer(op, p[ia[i]], q[ib[i]]);
        }

        return TensorValue.FromInt64s(comparison ? DataType.Bool : a.DataType, shape, results);
    }

    public static TensorValue? Unary(string op, TensorValue x)
    {
        if (x.IsString)
        {
            return null;
        }

        var shape = x.Shape.ToArray();
        return OnnxTypes.IsFloatingPoint(x.DataType)
            ? TensorValue.FromDoubles(x.DataType, shape, [.. x.ToDoubles().Select(v => op switch { "Neg" => -v, "Abs" => Math.Abs(v), "Sqrt" => Math.Sqrt(v), "Reciprocal" => 1 / v, "Floor" => Math.Floor(v), "Ceil" => Math.Ceiling(v), _ => v })])
            : TensorValue.FromInt64s(x.DataType, shape, [.. x.ToInt64s().Select(v => op switch { "Neg" => -v, "Abs" => Math.Abs(v), "Not" => v == 0 ? 1 : 0, _ => v })]);
    }

    /// <summary>ONNX Where: elements of <paramref name="x"/> where <paramref name="condition"/> holds, else of <paramref name="y"/>, all broadcasting.</summary>
    public static TensorValue? Where(TensorValue condition, TensorValue x, TensorValue y)
    {
        if (x.DataType != y.DataType || !TryBroadcast(condition.Shape, x.Shape, out var partial) || !TryBroadcast(partial, y.Shape, out var shape))
        {
            return null;
        }

        var (flags, ix, iy) = (condition.ToInt64s(), BroadcastIndices(x.Shape, shape), BroadcastIndices(y.Shape, shape));
        var ic = BroadcastIndices(condition.Shape, shape);
        var both = ConstantLayout.Concat([x.Reshape([x.ElementCount]), y.Reshape([y.ElementCount])], 0);
        var picks = new long[ix.Length];
        for (var i = 0; i < picks.Length; i++)
        {
            picks[i] = flags[ic[i]] != 0 ? ix[i] : x.ElementCount + iy[i];
        }

        return ConstantLayout.Take(both, shape, picks);
    }

    public static bool TryBroadcast(IReadOnlyList<long> a, IReadOnlyList<long> b, out long[] shape)
    {
        var rank = Math.Max(a.Count, b.Count);
        shape = new long[rank];
        for (var i = 0; i < rank; i++)
        {
            var x = i - (rank - a.Count) >= 0 ? a[i - (rank - a.Count)] : 1;
            var y = i - (rank - b.Count) >= 0 ? b[i - (rank - b.Count)] : 1;
            if (x != y && x != 1 && y != 1)
            {
                return false;
            }

            shape[i] = x == 1 ? y : x;
        }

        return true;
    }

    /// <summary>For each element of <paramref name="shape"/>, the index of the element of an operand of shape <paramref name="from"/> broadcast to it.</summary>
    private static int[] BroadcastIndices(IReadOnlyList<long> from, long[] shape)
    {
        var strides = ConstantLayout.Strides(from);
        var offset = shape.Length - from.Count;
        var count = ConstantLayout.Count(shape);
        var result = new int[count];
        var coordinate = new long[shape.Length];
        for (long i = 0; i < count; i++)
        {
            long index = 0;
            for (var d = 0; d < from.Count; d++)
            {
                index += from[d] == 1 ? 0 : coordinate[d + offset] * strides[d];
            }

            result[i] = (int)index;
            for (var d = shape.Length - 1; d >= 0; d--)
            {
                if (++coordinate[d] < shape[d])
                {
                    break;
                }

                coordinate[d] = 0;
            }
        }

        return result;
    }

    private static double Real(string op, double x, double y) => op switch
    {
        "Add" => x + y,
        "Sub" => x - y,
        "Mul" => x * y,
        "Div" => x / y,
        "Pow" => Math.Pow(x, y),
        "Max" => Math.Max(x, y),
        "Min" => Math.Min(x, y),
        "Mod" => x - (Math.Floor(x / y) * y),
        "Equal" => x == y ? 1 : 0,
        "Less" => x < y ? 1 : 0,
        "Greater" => x > y ? 1 : 0,
        "LessOrEqual" => x <= y ? 1 : 0,
        "GreaterOrEqual" => x >= y ? 1 : 0,
        _ => throw new InvalidOperationException(op),
    };

    // ONNX integer Div truncates toward zero (C semantics), as Mod with fmod=0 follows the divisor's sign.
    private static long Integer(string op, long x, long y) => op switch
    {
        "Add" => x + y,
        "Sub" => x - y,
        "Mul" => x * y,
        "Div" => x / y,
        "Pow" => (long)Math.Pow(x, y),
        "Max" => Math.Max(x, y),
        "Min" => Math.Min(x, y),
        "Mod" => ((x % y) + y) % y,
        "Equal" => x == y ? 1 : 0,
        "Less" => x < y ? 1 : 0,
        "Greater" => x > y ? 1 : 0,
        "LessOrEqual" => x <= y ? 1 : 0,
        "GreaterOrEqual" => x >= y ? 1 : 0,
        "And" => (x != 0 && y != 0) ? 1 : 0,
        "Or" => (x != 0 || y != 0) ? 1 : 0,
        _ => throw new InvalidOperationException(op),
    };
}
