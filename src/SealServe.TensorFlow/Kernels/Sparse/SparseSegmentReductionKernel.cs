using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Sparse;

/// <summary>
/// TensorFlow's <c>SparseSegmentSum</c>, <c>SparseSegmentMean</c> and <c>SparseSegmentSqrtN</c> (and their
/// <c>WithNumSegments</c> forms): output row s reduces the rows <c>data[indices[j]]</c> of every j with
/// <c>segment_ids[j] == s</c>: their sum, the sum over their count, or over its square root; a segment without rows is
/// 0. <c>segment_ids</c> must be sorted; there are <c>num_segments</c> rows, or the last id + 1.
/// </summary>
[TfKernel(
    "SparseSegmentSum", "SparseSegmentMean", "SparseSegmentSqrtN", "SparseSegmentSumWithNumSegments", "SparseSegmentMeanWithNumSegments", "SparseSegmentSqrtNWithNumSegments",
    Notes = "Sum on float, double, int32, int64; Mean and SqrtN on float and double; sorted segment ids.")]
internal sealed class SparseSegmentReductionKernel : IHostKernel
{
    private readonly Reduction reduction;
    private readonly bool withNumSegments;
    private readonly DataType type;
    private readonly KernelInputs nodeInputs;

    public SparseSegmentReductionKernel(KernelConstruction construction)
    {
        var op = construction.Node.Op;
        reduction = op.StartsWith("SparseSegmentSum", StringComparison.Ordinal) ? Reduction.Sum : op.StartsWith("SparseSegmentMean", StringComparison.Ordinal) ? Reduction.Mean : Reduction.SqrtN;
        withNumSegments = op.EndsWith("WithNumSegments", StringComparison.Ordinal);
        type = construction.Node.GetType("T");
        if (type is not (DataType.Float or DataType.Double) && (reduction != Reduction.Sum || type is not (DataType.Int32 or DataType.Int64)))
        {
            throw construction.Error($"{DataTypes.ShortName(type)} data is not supported (Sum: float, double, int32, int64; Mean and SqrtN: float, double).");
        }

        nodeInputs = new KernelInputs(construction, withNumSegments ? 4 : 3);

        construction.Output(type, construction.InputShape(0) is { UnknownRank: false } data
            ? new ShapeSpec([new DimSpec(-1), .. data.Dims.Skip(1)])
            : null);
    }

    private enum Reduction
    {
        Sum,
        Mean,
        SqrtN,
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var data = inputs[0];
        if (data.DataType != type || data.Shape.Rank < 1)
        {
            throw ServingException.InvalidArgument($"data must be a {DataTypes.ShortName(type)} tensor of rank at least 1, got {data}.");
        }

        if (inputs[1].Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument("indices should be a vector.");
        }

        if (inputs[2].Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument("segment_ids should be a vector.");
        }

        var indices = KernelTensors.Int64s(inputs[1], "indices");
        var segments = KernelTensors.Int64s(inputs[2], "segment_ids");
        if (indices.Length != segments.Length)
        {
            throw ServingException.InvalidArgument("segment_ids and indices should have same size.");
        }

        var outputRows = withNumSegments
            ? KernelTensors.Int64s(inputs[3], "num_segments") is [var n] ? n : throw ServingException.InvalidArgument("num_segments should be a scalar.")
            : segments.Length == 0 ? 0 : segments[^1] + 1;
        if (outputRows < 0)
        {
            throw ServingException.InvalidArgument($"segment ids must be >= 0");
        }

        var rows = data.Shape[0];
        var rowSize = rows == 0 ? 0 : (int)(data.Shape.ElementCount / rows);
        var sums = new double[outputRows * rowSize];
        var longs = type is DataType.Int32 or DataType.Int64 ? new long[outputRows * rowSize] : null;
        var counts = new long[outputRows];
        for (var j = 0; j < indices.Length; j++)
        {
            var segment = segments[j];
            if (segment < 0 || (j > 0 && segment < segments[j - 1]))
            {
                throw ServingException.InvalidArgument(segment < 0 ? "segment ids must be >= 0" : "segment ids are not increasing");
            }

            if (segment >= outputRows)
            {
                throw ServingException.InvalidArgument($"Segment id {segment} out of range [0, {outputRows}), possibly because 'segment_ids' input is not sorted.");
            }

            if (indices[j] < 0 || indices[j] >= rows)
            {
                throw ServingException.InvalidArgument($"Bad: indices[{j}] == {indices[j]} out of range [0, {rows})");
            }

            counts[segment]++;
            Accumulate(data, (int)indices[j], rowSize, (int)(segment * rowSize), sums, longs);
        }

        var shape = new TensorShape([outputRows, .. data.Shape.Dims[1..].ToArray()]);
        return [Output(shape, sums, longs, counts, rowSize)];
    }

    private void Accumulate(Tensor data, int row, int rowSize, int at, double[] sums, long[]? longs)
    {
        var offset = row * rowSize;
        switch (type)
        {
            case DataType.Float:
                var floats = data.AsSpan<float>().Slice(offset, rowSize);
                for (var k = 0; k < rowSize; k++)
                {
                    sums[at + k] += floats[k];
                }

                break;
            case DataType.Double:
                var doubles = data.AsSpan<double>().Slice(offset, rowSize);
                for (var k = 0; k < rowSize; k++)
                {
                    sums[at + k] += doubles[k];
                }

                break;
            case DataType.Int32:
                var ints = data.AsSpan<int>().Slice(offset, rowSize);
                for (var k = 0; k < rowSize; k++)
                {
                    longs![at + k] += ints[k];
                }

                break;
            default:
                var int64s = data.AsSpan<long>().Slice(offset, rowSize);
                for (var k = 0; k < rowSize; k++)
                {
                    longs![at + k] += int64s[k];
                }

                break;
        }
    }

    private Tensor Output(TensorShape shape, double[] sums, long[]? longs, long[] counts, int rowSize)
    {
        if (longs is not null)
        {
            return KernelTensors.Integers(type, shape, longs);
        }

        for (var s = 0; s < counts.Length; s++)
        {
            var divisor = reduction switch
            {
                Reduction.Mean => Math.Max(counts[s], 1),
                Reduction.SqrtN => counts[s] == 0 ? 1 : Math.Sqrt(counts[s]),
                _ => 1.0,
            };
            for (var k = 0; k < rowSize; k++)
            {
                sums[(s * rowSize) + k] /= divisor;
            }
        }

        return type == DataType.Float ? KernelTensors.Of(shape, [.. sums.Select(v => (float)v)]) : KernelTensors.Of(shape, sums);
    }
}
