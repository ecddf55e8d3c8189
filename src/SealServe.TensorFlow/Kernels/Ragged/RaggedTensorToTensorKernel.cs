using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Ragged;

/// <summary>
/// TensorFlow's <c>RaggedTensorToTensor</c> (<c>RaggedTensor.to_tensor</c>, what Keras' <c>TextVectorization</c> ends
/// with): a ragged tensor given by its flat values and row partitions (ROW_SPLITS per ragged dimension, or
/// FIRST_DIM_SIZE then VALUE_ROWIDS per ragged dimension) as a dense tensor. Each ragged dimension is as long as its
/// longest row unless <c>shape</c> fixes it (longer rows are cut, shorter ones padded with <c>default_value</c>).
/// </summary>
[TfKernel("RaggedTensorToTensor", Notes = "ROW_SPLITS or FIRST_DIM_SIZE + VALUE_ROWIDS partitions, any ragged rank; shape truncates or pads.")]
internal sealed class RaggedTensorToTensorKernel : IHostKernel
{
    private readonly bool rowIds;
    private readonly int raggedRank;
    private readonly KernelInputs nodeInputs;

    public RaggedTensorToTensorKernel(KernelConstruction construction)
    {
        var types = construction.Node.Definition.Attr.TryGetValue("row_partition_types", out var value) && value.List is not null
            ? value.List.S.Select(s => s.ToStringUtf8()).ToArray()
            : [];
        rowIds = types is ["FIRST_DIM_SIZE", .. var rest] && rest.Length > 0 && rest.All(t => t == "VALUE_ROWIDS");
        if (!rowIds && (types.Length == 0 || types.Any(t => t != "ROW_SPLITS")))
        {
            throw construction.Error($"row_partition_types [{string.Join(", ", types)}] are not supported (ROW_SPLITS..., or FIRST_DIM_SIZE then VALUE_ROWIDS...).");
        }

        raggedRank = rowIds ? types.Length - 1 : types.Length;
        if (construction.Node.Inputs.Count != 3 + types.Length)
        {
            throw construction.Error($"expected {3 + types.Length} inputs for {types.Length} row partitions, found {construction.Node.Inputs.Count}.");
        }

        nodeInputs = new KernelInputs(construction, construction.Node.Inputs.Count);

        var values = construction.InputShape(1);
        construction.Output(construction.Node.GetType("T"), values is { UnknownRank: false } ? KernelTensors.Unknown(raggedRank + values.Dims.Count) : null);
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var (shapeTensor, values, defaultValue) = (inputs[0], inputs[1], inputs[2]);
        if (values.Shape.Rank < 1)
        {
            throw ServingException.InvalidArgument("values must have rank at least 1.");
        }

        var splits = Splits(inputs[3..], values.Shape[0]);
        var inner = values.Shape.Dims[1..].ToArray();
        var rank = 1 + raggedRank + inner.Length;
        var shape = new long[rank];
        shape[0] = splits[0].Length - 1;
        for (var k = 0; k < raggedRank; k++)
        {
            long longest = 0;
            for (var i = 0; i + 1 < splits[k].Length; i++)
            {
                longest = Math.Max(longest, splits[k][i + 1] - splits[k][i]);
            }

            shape[k + 1] = longest;
        }

        inner.CopyTo(shape, 1 + raggedRank);
        ApplyRequestedShape(shapeTensor, shape, inner);

        var innerSize = inner.Aggregate(1L, (n, d) => n * d);
        var outerStrides = new long[raggedRank + 1];
        for (long d = raggedRank, stride = 1; d >= 0; stride *= shape[d], d--)
        {
            outerStrides[d] = stride;
        }

        // For each row of inner values in the output, the value row it holds (-1: the default).
        var sources = new long[shape.Take(raggedRank + 1).Aggregate(1L, (n, d) => n * d)];
        Array.Fill(sources, -1);
        Place(splits, shape, outerStrides, sources);
        return [Gather(values, defaultValue, new TensorShape(shape), sources, innerSize)];
    }

    /// <summary>The row splits of each ragged level, from the partition inputs.</summary>
    private long[][] Splits(ReadOnlySpan<Tensor> partitions, long valueCount)
    {
        var splits = new long[raggedRank][];
        if (!rowIds)
        {
            for (var k = raggedRank - 1; k >= 0; k--)
            {
                var items = k == raggedRank - 1 ? valueCount : splits[k + 1].Length - 1;
                splits[k] = RowPartitions.CheckSplits(KernelTensors.Int64s(partitions[k], "row_partition_tensors"), items, k);
            }

            return splits;
        }

        var rows = KernelTensors.Int64s(partitions[0], "row_partition_tensors") is [var n] ? n : throw ServingException.InvalidArgument("FIRST_DIM_SIZE must be a scalar.");
        for (var k = 0; k < raggedRank; k++)
        {
            var ids = KernelTensors.Int64s(partitions[k + 1], "row_partition_tensors");
            splits[k] = RowPartitions.FromRowIds(ids, rows, k);
            rows = ids.Length;
        }

        return rows == valueCount ? splits : throw ServingException.InvalidArgument($"The last value_rowids have {rows} entries but there are {valueCount} values.");
    }

    /// <summary>The <c>shape</c> input: -1 (or a -1 entry) keeps the computed size; the inner dimensions must match.</summary>
    private static void ApplyRequestedShape(Tensor shapeTensor, long[] shape, long[] inner)
    {
        var requested = KernelTensors.Int64s(shapeTensor, "shape");
        if (shapeTensor.Shape.Rank == 0 || requested.Length == 0)
        {
            return;
        }

        if (requested.Length != shape.Length)
        {
            throw ServingException.InvalidArgument($"shape has rank {requested.Length}, but the ragged tensor has rank {shape.Length}.");
        }

        for (var d = 0; d < shape.Length; d++)
        {
            if (requested[d] < -1)
            {
                throw ServingException.InvalidArgument($"shape[{d}] = {requested[d]} is not a size.");
            }

            if (requested[d] >= 0)
            {
                if (d >= shape.Length - inner.Length && requested[d] != shape[d])
                {
                    throw ServingException.InvalidArgument($"shape[{d}] = {requested[d]} does not match the values' dimension {shape[d]}.");
                }

                shape[d] = requested[d];
            }
        }
    }

    /// <summary>Records, for every ragged position inside the output shape, the value row that goes there.</summary>
    private void Place(long[][] splits, long[] shape, long[] strides, long[] sources)
    {
        var rows = Math.Min(splits[0].Length - 1, shape[0]);
        for (long r = 0; r < rows; r++)
        {
            PlaceRow(splits, 1, r, r * strides[0], shape, strides, sources);
        }
    }

    private void PlaceRow(long[][] splits, int level, long row, long offset, long[] shape, long[] strides, long[] sources)
    {
        var (first, end) = (splits[level - 1][row], splits[level - 1][row + 1]);
        for (long item = first; item < end && item - first < shape[level]; item++)
        {
            var at = offset + ((item - first) * strides[level]);
            if (level < raggedRank)
            {
                PlaceRow(splits, level + 1, item, at, shape, strides, sources);
            }
            else
            {
                sources[at] = item;
            }
        }
    }

    /// <summary>The output: value row <c>sources[i]</c> at inner row i, or the default (a scalar, or one inner row) where it is -1.</summary>
    private static Tensor Gather(Tensor values, Tensor defaultValue, TensorShape shape, long[] sources, long innerSize)
    {
        if (defaultValue.DataType != values.DataType || (defaultValue.Shape.ElementCount != 1 && defaultValue.Shape.ElementCount != innerSize))
        {
            throw ServingException.InvalidArgument($"default_value {defaultValue} does not broadcast to the values' inner shape.");
        }

        var size = DataTypes.ElementSize(values.DataType);
        if (shape.ElementCount > int.MaxValue / Math.Max(size, 8))
        {
            throw new ServingException(StatusCode.ResourceExhausted, $"The dense tensor {shape} would have {shape.ElementCount} elements, more than one buffer holds.");
        }

        if (values.IsString)
        {
            var strings = new byte[shape.ElementCount][];
            for (long i = 0; i < strings.Length; i++)
            {
                var (row, k) = (sources[i / innerSize], i % innerSize);
                strings[i] = row < 0 ? defaultValue.Strings[defaultValue.Strings.Count == 1 ? 0 : (int)k] : values.Strings[(int)((row * innerSize) + k)];
            }

            return Tensor.CreateStrings(shape, strings);
        }

        var rowBytes = (int)(innerSize * size);
        var output = Tensor.Allocate(values.DataType, shape);
        var target = output.Data.Span;
        var source = values.Data.Span;
        var fill = defaultValue.Data.Span;
        for (var i = 0; i < sources.Length; i++)
        {
            var slot = target.Slice(i * rowBytes, rowBytes);
            if (sources[i] >= 0)
            {
                source.Slice((int)(sources[i] * rowBytes), rowBytes).CopyTo(slot);
                continue;
            }

            for (var at = 0; at < rowBytes; at += fill.Length)
            {
                fill.CopyTo(slot[at..]);
            }
        }

        return output;
    }
}
