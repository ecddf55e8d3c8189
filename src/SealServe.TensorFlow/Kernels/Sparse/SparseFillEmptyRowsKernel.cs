using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Sparse;

/// <summary>
/// TensorFlow's <c>SparseFillEmptyRows</c>: a sparse tensor with an entry (row, 0, ...) = <c>default_value</c> added
/// to every row that has none, in row-major order (entries of a row keep their order); also which rows were empty and,
/// for each input entry, where it went.
/// </summary>
[TfKernel("SparseFillEmptyRows", Notes = "Any value type; row-major output; empty_row_indicator and reverse_index_map.")]
internal sealed class SparseFillEmptyRowsKernel : IHostKernel
{
    private readonly KernelInputs nodeInputs;

    public SparseFillEmptyRowsKernel(KernelConstruction construction)
    {
        nodeInputs = new KernelInputs(construction, 4);

        var rank = construction.InputShape(0) is { UnknownRank: false, Dims: [_, var r] } ? r.Size : -1;
        construction.Output(DataType.Int64, ShapeSpec.Of(-1, rank));
        construction.Output(construction.Node.GetType("T"), ShapeSpec.Of(-1));
        construction.Output(DataType.Bool, ShapeSpec.Of(-1));
        construction.Output(DataType.Int64, ShapeSpec.Of(-1));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var (indicesTensor, values, shapeTensor, defaultValue) = (inputs[0], inputs[1], inputs[2], inputs[3]);
        if (indicesTensor.Shape.Rank != 2)
        {
            throw ServingException.InvalidArgument($"indices must be a matrix, saw: {indicesTensor.Shape}");
        }

        if (values.Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument($"values must be a vector, saw: {values.Shape}");
        }

        if (shapeTensor.Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument($"dense_shape must be a vector, saw: {shapeTensor.Shape}");
        }

        if (defaultValue.Shape.Rank != 0)
        {
            throw ServingException.InvalidArgument($"default_value must be a scalar, saw: {defaultValue.Shape}");
        }

        var indices = KernelTensors.Int64s(indicesTensor, "indices");
        var denseShape = KernelTensors.Int64s(shapeTensor, "dense_shape");
        var (count, rank) = ((int)indicesTensor.Shape[0], (int)indicesTensor.Shape[1]);
        if (values.Shape[0] != count)
        {
            throw ServingException.InvalidArgument($"The length of `values` ({values.Shape[0]}) must match the first dimension of `indices` ({count}).");
        }

        if (denseShape.Length == 0 || denseShape.Length != rank)
        {
            throw ServingException.InvalidArgument($"The length of `dense_shape` ({denseShape.Length}) must match the second dimension of `indices` ({rank}).");
        }

        var rows = denseShape[0];
        if (rows == 0 && count > 0)
        {
            throw ServingException.InvalidArgument($"Received SparseTensor with dense_shape[0] = 0 but indices.shape[0] = {count}");
        }

        var perRow = new long[rows];
        for (var i = 0; i < count; i++)
        {
            var row = indices[i * rank];
            if (row < 0 || row >= rows)
            {
                throw ServingException.InvalidArgument($"indices({i}, 0) is invalid: {(row < 0 ? $"{row} < 0" : $"{row} >= {rows}")}");
            }

            perRow[row]++;
        }

        // Each row's first output slot: its entries, or one default entry when it has none.
        var start = new long[rows + 1];
        var empty = new bool[rows];
        for (var r = 0; r < rows; r++)
        {
            empty[r] = perRow[r] == 0;
            start[r + 1] = start[r] + Math.Max(perRow[r], 1);
        }

        var total = start[rows];
        var outputIndices = new long[total * rank];
        var order = new long[total];
        var reverse = new long[count];
        var filled = new long[rows];
        for (var r = 0; r < rows; r++)
        {
            if (empty[r])
            {
                outputIndices[start[r] * rank] = r;
                order[start[r]] = -1;
            }
        }

        for (var i = 0; i < count; i++)
        {
            var row = indices[i * rank];
            var slot = start[row] + filled[row]++;
            Array.Copy(indices, i * rank, outputIndices, slot * rank, rank);
            order[slot] = i;
            reverse[i] = slot;
        }

        return
        [
            KernelTensors.Of(new TensorShape(total, rank), outputIndices),
            Gather(values, defaultValue, order),
            KernelTensors.Of(new TensorShape(rows), empty),
            KernelTensors.Of(new TensorShape(count), reverse),
        ];
    }

    /// <summary>The values in output order: input value <c>order[k]</c>, or the default where it is -1.</summary>
    private static Tensor Gather(Tensor values, Tensor defaultValue, long[] order)
    {
        if (values.DataType != defaultValue.DataType)
        {
            throw ServingException.InvalidArgument($"default_value is {DataTypes.ShortName(defaultValue.DataType)} but values are {DataTypes.ShortName(values.DataType)}.");
        }

        var shape = new TensorShape(order.Length);
        if (values.IsString)
        {
            return KernelTensors.Of(shape, [.. order.Select(k => k < 0 ? defaultValue.Strings[0] : values.Strings[(int)k])]);
        }

        var size = DataTypes.ElementSize(values.DataType);
        var output = Tensor.Allocate(values.DataType, shape);
        var source = values.Data.Span;
        var target = output.Data.Span;
        for (var k = 0; k < order.Length; k++)
        {
            (order[k] < 0 ? defaultValue.Data.Span : source.Slice((int)order[k] * size, size)).CopyTo(target.Slice(k * size, size));
        }

        return output;
    }
}
