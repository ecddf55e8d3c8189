using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Ragged;

/// <summary>
/// TensorFlow's <c>RaggedTensorToSparse</c>: a ragged tensor (its nested row splits and flat values) as a sparse tensor
/// with an entry for every scalar of the values, in row-major order; the dense shape has each ragged dimension as long
/// as its longest row.
/// </summary>
[TfKernel("RaggedTensorToSparse", Notes = "Any ragged rank; values of any rank.")]
internal sealed class RaggedTensorToSparseKernel : IHostKernel
{
    private readonly int raggedRank;
    private readonly KernelInputs nodeInputs;

    public RaggedTensorToSparseKernel(KernelConstruction construction)
    {
        raggedRank = (int)construction.Node.GetInt("RAGGED_RANK", construction.Node.Inputs.Count - 1);
        if (raggedRank < 1 || construction.Node.Inputs.Count != raggedRank + 1)
        {
            throw construction.Error($"expected {raggedRank} row splits and the values, found {construction.Node.Inputs.Count} inputs.");
        }

        nodeInputs = new KernelInputs(construction, raggedRank + 1);

        var rank = construction.InputShape(raggedRank) is { UnknownRank: false } values ? raggedRank + values.Dims.Count : -1;
        construction.Output(DataType.Int64, ShapeSpec.Of(-1, rank));
        construction.Output(construction.Node.GetType("T"), ShapeSpec.Of(-1));
        construction.Output(DataType.Int64, ShapeSpec.Of(rank));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var values = inputs[raggedRank];
        if (values.Shape.Rank < 1)
        {
            throw ServingException.InvalidArgument("rt_dense_values must have rank at least 1.");
        }

        var splits = new long[raggedRank][];
        for (var k = raggedRank - 1; k >= 0; k--)
        {
            var items = k == raggedRank - 1 ? values.Shape[0] : splits[k + 1].Length - 1;
            splits[k] = RowPartitions.CheckSplits(KernelTensors.Int64s(inputs[k], "rt_nested_splits"), items, k);
        }

        var inner = values.Shape.Dims[1..].ToArray();
        var innerSize = inner.Aggregate(1L, (n, d) => n * d);
        var rank = 1 + raggedRank + inner.Length;

        // The ragged coordinates of each value row, found by walking the splits down from the rows.
        var coordinates = new List<long[]>();
        Walk(splits, 0, 0, new long[raggedRank + 1], coordinates);
        var count = coordinates.Count * innerSize;
        var indices = new long[count * rank];
        for (var row = 0; row < coordinates.Count; row++)
        {
            for (long k = 0; k < innerSize; k++)
            {
                var at = ((row * innerSize) + k) * rank;
                coordinates[row].CopyTo(indices, at);
                for (long d = inner.Length - 1, rest = k; d >= 0; rest /= inner[d], d--)
                {
                    indices[at + raggedRank + 1 + d] = rest % inner[d];
                }
            }
        }

        var shape = new long[rank];
        shape[0] = splits[0].Length - 1;
        for (var k = 0; k < raggedRank; k++)
        {
            shape[k + 1] = Enumerable.Range(0, splits[k].Length - 1).Select(i => splits[k][i + 1] - splits[k][i]).DefaultIfEmpty(0).Max();
        }

        inner.CopyTo(shape, raggedRank + 1);
        var flat = values.IsString
            ? Tensor.CreateStrings(new TensorShape(count), [.. values.Strings])
            : Tensor.Create(values.DataType, new TensorShape(count), values.Data.ToArray());
        return [KernelTensors.Of(new TensorShape(count, rank), indices), flat, KernelTensors.Of(new TensorShape(rank), shape)];
    }

    private void Walk(long[][] splits, int level, long row, long[] position, List<long[]> coordinates)
    {
        if (level == 0)
        {
            for (long r = 0; r < splits[0].Length - 1; r++)
            {
                position[0] = r;
                Walk(splits, 1, r, position, coordinates);
            }

            return;
        }

        for (var item = splits[level - 1][row]; item < splits[level - 1][row + 1]; item++)
        {
            position[level] = item - splits[level - 1][row];
            if (level == raggedRank)
            {
                coordinates.Add((long[])position.Clone());
            }
            else
            {
                Walk(splits, level + 1, item, position, coordinates);
            }
        }
    }
}
