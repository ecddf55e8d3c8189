using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>ReduceJoin</c>: strings joined with <c>separator</c> along the <c>reduction_indices</c> axes, in the
/// order given (the first listed axis varies fastest: <c>[[a, b], [c, d]]</c> over [0, 1] is "acbd", over [1, 0]
/// "abcd"); no axes leave the input as it is; <c>keep_dims</c> keeps reduced axes with size 1.
/// </summary>
[TfKernel("ReduceJoin", Notes = "Axes in the order given, negative axes, keep_dims, separator.")]
internal sealed class ReduceJoinKernel : IHostKernel
{
    private readonly bool keepDims;
    private readonly byte[] separator;
    private readonly KernelInputs nodeInputs;

    public ReduceJoinKernel(KernelConstruction construction)
    {
        keepDims = construction.Node.GetBool("keep_dims");
        separator = construction.Node.Definition.Attr.TryGetValue("separator", out var value) ? value.S.ToByteArray() : [];
        var inputShape = construction.InputShape(0);
        var constantAxes = construction.TryConstant(1)?.ToInt64s();
        nodeInputs = new KernelInputs(construction, 2);
        construction.Output(DataType.String, OutputShape(inputShape, constantAxes, keepDims));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "inputs");
        var shape = inputs[0].Shape;
        var axes = KernelTensors.Int64s(inputs[1], "reduction_indices");
        var reduced = new bool[shape.Rank];
        var order = new int[axes.Length];
        for (var i = 0; i < axes.Length; i++)
        {
            var axis = axes[i];
            if (axis < -shape.Rank || axis >= shape.Rank)
            {
                throw new ServingException(StatusCode.OutOfRange, $"Invalid reduction dimension {axis} for input with {shape.Rank} dimension(s)");
            }

            order[i] = (int)(axis < 0 ? axis + shape.Rank : axis);
            if (reduced[order[i]])
            {
                throw ServingException.InvalidArgument($"Duplicate reduction dimension {axis}");
            }

            reduced[order[i]] = true;
        }

        var strides = new long[shape.Rank];
        for (long i = shape.Rank - 1, stride = 1; i >= 0; stride *= shape[(int)i], i--)
        {
            strides[i] = stride;
        }

        var kept = Enumerable.Range(0, shape.Rank).Where(d => !reduced[d]).ToArray();
        var outputCount = kept.Aggregate(1L, (n, d) => n * shape[d]);
        var joinedCount = order.Aggregate(1L, (n, d) => n * shape[d]);
        var output = new byte[outputCount][];
        var parts = new byte[joinedCount][];
        for (long o = 0; o < outputCount; o++)
        {
            // Kept axes in order (the last varies fastest); reduced axes with the first listed varying fastest.
            var start = Offset(o, kept.Reverse(), shape, strides);
            for (long r = 0; r < joinedCount; r++)
            {
                parts[r] = input[(int)(start + Offset(r, order, shape, strides))];
            }

            output[o] = Join(parts);
        }

        var outputShape = keepDims
            ? new TensorShape([.. Enumerable.Range(0, shape.Rank).Select(d => reduced[d] ? 1 : shape[d])])
            : new TensorShape([.. kept.Select(d => shape[d])]);
        return [KernelTensors.Of(outputShape, output)];
    }

    /// <summary>The input offset of the <paramref name="index"/>-th combination of <paramref name="axes"/>, the first varying fastest.</summary>
    private static long Offset(long index, IEnumerable<int> axes, TensorShape shape, long[] strides)
    {
        long offset = 0;
        foreach (var axis in axes)
        {
            offset += index % shape[axis] * strides[axis];
            index /= shape[axis];
        }

        return offset;
    }

    private byte[] Join(byte[][] parts)
    {
        var length = parts.Sum(p => p.Length) + (Math.Max(parts.Length - 1, 0) * separator.Length);
        var joined = new byte[length];
        var at = 0;
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                separator.CopyTo(joined, at);
                at += separator.Length;
            }

            parts[i].CopyTo(joined, at);
            at += parts[i].Length;
        }

        return joined;
    }

    private static ShapeSpec? OutputShape(ShapeSpec? input, long[]? axes, bool keepDims)
    {
        if (input is null || input.UnknownRank || axes is null)
        {
            return null;
        }

        var rank = input.Dims.Count;
        var reduced = axes.Select(a => a < 0 ? a + rank : a).ToHashSet();
        return new ShapeSpec([.. input.Dims.Select((d, i) => reduced.Contains(i) ? keepDims ? new DimSpec(1) : null : d).OfType<DimSpec>()]);
    }
}
