using Onnx;
using SealServe.TensorFlow.Translation.Onnx;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>
/// Computes an ONNX node whose inputs are all constant, for the ops shape arithmetic is made of
/// (Shape, Gather, Slice, Concat, Unsqueeze, Cast, integer arithmetic...) and layout changes of weights
/// (Transpose, Reshape). Used while translating, where ONNX wants static values, and by <see cref="ConstantFolding"/>.
/// </summary>
internal static class ConstantEvaluator
{
    /// <summary>Results larger than this many elements (and larger than the inputs) are left to compute at run time.</summary>
    private const long MaxGrowth = 4096;

    /// <summary>Evaluates <paramref name="node"/>; null when an input is not constant or the op is not one this evaluator computes.</summary>
    /// <param name="node">The node.</param>
    /// <param name="constantOf">The constant value of a tensor, or null.</param>
    /// <param name="shapeOf">What is known of a tensor's shape (-1 for unknown dimensions), or null when its rank is unknown.</param>
    /// <param name="producerOf">The node computing a tensor, or null.</param>
    public static TensorValue? TryEvaluate(NodeProto node, Func<string, TensorValue?> constantOf, Func<string, IReadOnlyList<long>?> shapeOf, Func<string, NodeProto?> producerOf)
    {
        if (node.Output.Count != 1 || node.Domain.Length > 0)
        {
            return null;
        }

        if (node.OpType == "Shape")
        {
            return shapeOf(node.Input[0]) is { } known && SliceShape(known, node) is var shape && shape.ToInt64s().All(d => d >= 0) ? shape : null;
        }

        var inputs = new TensorValue?[node.Input.Count];
        for (var i = 0; i < inputs.Length; i++)
        {
            if (node.Input[i].Length > 0 && (inputs[i] = constantOf(node.Input[i]) ?? KnownDims(node, i, shapeOf, producerOf)) is null)
            {
                return null;
            }
        }

        var result = Evaluate(node, inputs);
        if (result is not null && inputs[0] is { } first && !ReferenceEquals(first, constantOf(node.Input[0])) && result.ToInt64s().Any(d => d < 0))
        {
            return null; // picked an unknown dimension of a partly known shape
        }

        return result is not null && result.ElementCount > MaxGrowth && result.ElementCount > inputs.Sum(i => i?.ElementCount ?? 0) ? null : result;
    }

    /// <summary>
    /// For the data input of Gather or Slice on a (cast) Shape: the shape with -1 for unknown dimensions, so picking
    /// known dimensions folds (<c>shape(x)[1:]</c> when only the batch size is unknown).
    /// </summary>
    private static TensorValue? KnownDims(NodeProto node, int input, Func<string, IReadOnlyList<long>?> shapeOf, Func<string, NodeProto?> producerOf) =>
        input == 0 && node.OpType is "Gather" or "Slice" ? PartialShape(node.Input[0], shapeOf, producerOf) : null;

    private static TensorValue? PartialShape(string value, Func<string, IReadOnlyList<long>?> shapeOf, Func<string, NodeProto?> producerOf) => producerOf(value) switch
    {
        { OpType: "Shape" } shape => shapeOf(shape.Input[0]) is { } known ? SliceShape(known, shape) : null,
        { OpType: "Cast" } cast => PartialShape(cast.Input[0], shapeOf, producerOf)?.CastTo(OnnxTypes.FromOnnx((int)IntAttr(cast, "to", 0))),
        _ => null,
    };

    private static TensorValue? Evaluate(NodeProto node, TensorValue?[] inputs)
    {
        var x = inputs[0]!;
        return node.OpType switch
        {
            "Identity" => x,
            "Cast" => x.IsString ? null : x.CastTo(OnnxTypes.FromOnnx((int)IntAttr(node, "to", 0))),
            "Size" => TensorValue.Scalar(x.ElementCount),
            "Reshape" => x.Reshape(ReshapeDims(x, inputs[1]!.ToInt64s(), IntAttr(node, "allowzero", 0) != 0)),
            "Unsqueeze" => x.Reshape(UnsqueezeDims(x.Shape, inputs[1]!.ToInt64s())),
            "Squeeze" => x.Reshape(SqueezeDims(x.Shape, inputs.Length > 1 ? inputs[1]?.ToInt64s() : null)),
            "Transpose" => ConstantLayout.Transpose(x, PermAttr(node, x.Rank)),
            "Concat" => ConstantLayout.Concat([.. inputs.Select(i => i!)], Axis(IntAttr(node, "axis", 0), x.Rank)),
            "Gather" => ConstantLayout.Gather(x, inputs[1]!, Axis(IntAttr(node, "axis", 0), x.Rank)),
            "Slice" => Slice(x, inputs),
            "Range" => Range(x, inputs[1]!, inputs[2]!),
            "ConstantOfShape" => ConstantOfShape(node, x),
            "Add" or "Sub" or "Mul" or "Div" or "Pow" or "Max" or "Min" or "Mod" or "Equal" or "Less" or "Greater" or "LessOrEqual" or "GreaterOrEqual" or "And" or "Or"
                when inputs.Length == 2 => ConstantArithmetic.Binary(node.OpType, x, inputs[1]!),
            "Where" => ConstantArithmetic.Where(x, inputs[1]!, inputs[2]!),
            "Neg" or "Abs" or "Not" or "Sqrt" or "Reciprocal" or "Floor" or "Ceil" => ConstantArithmetic.Unary(node.OpType, x),
            "ReduceProd" or "ReduceSum" when x.Rank <= 1 => ReduceVector(node, x, inputs.Length > 1 ? inputs[1] : null),
            _ => null,
        };
    }

    private static TensorValue SliceShape(IReadOnlyList<long> shape, NodeProto node)
    {
        var rank = shape.Count;
        var start = Math.Clamp(Axis(IntAttr(node, "start", 0), rank, clamp: true), 0, rank);
        var end = Math.Clamp(Axis(IntAttr(node, "end", rank), rank, clamp: true), start, rank);
        return TensorValue.Vector(shape.Skip(start).Take(end - start).ToArray());
    }

    private static TensorValue? Slice(TensorValue x, TensorValue?[] inputs)
    {
        var starts = inputs[1]!.ToInt64s();
        var ends = inputs[2]!.ToInt64s();
        var axes = inputs.Length > 3 && inputs[3] is { } a ? a.ToInt64s() : [.. Enumerable.Range(0, starts.Length).Select(i => (long)i)];
        var steps = inputs.Length > 4 && inputs[4] is { } s ? s.ToInt64s() : [.. starts.Select(_ => 1L)];
        var (begin, step, count) = (new long[x.Rank], Enumerable.Repeat(1L, x.Rank).ToArray(), x.Shape.ToArray());
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = Axis(axes[i], x.Rank);
            var dim = x.Shape[axis];
            if (steps[i] == 0)
            {
                return null;
            }

            var (first, last) = steps[i] > 0
                ? (Math.Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], 0, dim), Math.Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], 0, dim))
                : (Math.Clamp(starts[i] < 0 ? starts[i] + dim : starts[i], -1, dim - 1), Math.Clamp(ends[i] < 0 ? ends[i] + dim : ends[i], -1, dim - 1));
            begin[axis] = first;
            step[axis] = steps[i];
            count[axis] = Math.Max(0, (last - first + steps[i] - Math.Sign(steps[i])) / steps[i]);
        }

        return ConstantLayout.Slice(x, begin, step, count);
    }

    private static TensorValue Range(TensorValue start, TensorValue limit, TensorValue delta)
    {
        var (first, end, step) = (start.ToDoubles()[0], limit.ToDoubles()[0], delta.ToDoubles()[0]);
        var count = Math.Max(0, (long)Math.Ceiling((end - first) / step));
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = first + (i * step);
        }

        return TensorValue.FromDoubles(start.DataType, [count], values);
    }

    private static TensorValue ConstantOfShape(NodeProto node, TensorValue shape)
    {
        var fill = node.Attribute.FirstOrDefault(a => a.Name == "value")?.T is { } value ? TensorValue.FromOnnx(value) : TensorValue.Vector(0f);
        var dims = shape.ToInt64s();
        return ConstantLayout.Take(fill, dims, new long[ConstantLayout.Count(dims)]);
    }

    /// <summary>ReduceProd/ReduceSum of a scalar or vector (opset 18: axes as an input, noop_with_empty_axes).</summary>
    private static TensorValue ReduceVector(NodeProto node, TensorValue x, TensorValue? axes)
    {
        if (axes is { ElementCount: 0 } && IntAttr(node, "noop_with_empty_axes", 0) != 0)
        {
            return x;
        }

        var values = x.ToDoubles();
        var result = node.OpType == "ReduceProd" ? values.Aggregate(1d, (p, v) => p * v) : values.Sum();
        return TensorValue.FromDoubles(x.DataType, IntAttr(node, "keepdims", 1) != 0 ? [.. x.Shape.Select(_ => 1L)] : [], [result]);
    }

    private static long[] ReshapeDims(TensorValue x, long[] shape, bool allowZero)
    {
        var dims = shape.Select((d, i) => d == 0 && !allowZero && i < x.Rank ? x.Shape[i] : d).ToArray();
        var known = dims.Where(d => d >= 0).Aggregate(1L, (p, d) => p * d);
        return [.. dims.Select(d => d < 0 ? x.ElementCount / Math.Max(known, 1) : d)];
    }

    private static long[] UnsqueezeDims(IReadOnlyList<long> shape, long[] axes)
    {
        var rank = shape.Count + axes.Length;
        var inserted = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
        var result = new long[rank];
        var next = 0;
        for (var i = 0; i < rank; i++)
        {
            result[i] = inserted.Contains(i) ? 1 : shape[next++];
        }

        return result;
    }

    private static long[] SqueezeDims(IReadOnlyList<long> shape, long[]? axes)
    {
        var removed = axes?.Select(a => a < 0 ? a + shape.Count : a).ToHashSet();
        return [.. shape.Where((d, i) => removed is null ? d != 1 : !removed.Contains(i))];
    }

    private static long[] PermAttr(NodeProto node, int rank) =>
        node.Attribute.FirstOrDefault(a => a.Name == "perm")?.Ints.ToArray() ?? [.. Enumerable.Range(0, rank).Reverse().Select(i => (long)i)];

    private static long IntAttr(NodeProto node, string name, long defaultValue) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : defaultValue;

    private static int Axis(long axis, int rank, bool clamp = false) => (int)(axis < 0 ? axis + rank : clamp ? Math.Min(axis, rank) : axis);
}
