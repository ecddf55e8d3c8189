using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// The outputs of one ParseExample run while examples are read: fixed-length dense values written in place,
/// variable-size features collected, each feature's last example seen (for duplicate keys), and what an example
/// that lacks a feature gets (its default, nothing, or TensorFlow's "required" error).
/// </summary>
internal sealed class ParsedBatch : IDisposable
{
    private readonly ExampleParserConfig config;
    private readonly int examples;
    private readonly int[] denseSeen;
    private readonly int[] sparseSeen;
    private readonly int[] raggedSeen;
    private int current = -1;

    public ParsedBatch(ExampleParserConfig config, int examples)
    {
        this.config = config;
        this.examples = examples;
        denseSeen = Unseen(config.Dense.Count);
        sparseSeen = Unseen(config.Sparse.Count);
        raggedSeen = Unseen(config.Ragged.Count);
        FixedDense = new Tensor?[config.Dense.Count];
        VariableDense = new FeatureValues?[config.Dense.Count];
        try
        {
            for (var d = 0; d < config.Dense.Count; d++)
            {
                var dense = config.Dense[d];
                if (dense.VariableLength)
                {
                    VariableDense[d] = new FeatureValues(dense.DataType, examples);
                }
                else
                {
                    FixedDense[d] = Allocate(dense.DataType, new TensorShape([examples, .. dense.Shape]));
                }
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        Sparse = [.. config.Sparse.Select(f => new FeatureValues(f.DataType, examples))];
        Ragged = [.. config.Ragged.Select(f => new FeatureValues(f.DataType, examples))];
    }

    public Tensor?[] FixedDense { get; }

    public FeatureValues?[] VariableDense { get; }

    public FeatureValues[] Sparse { get; }

    public FeatureValues[] Ragged { get; }

    public void BeginExample() => current++;

    /// <summary>Records that dense feature <paramref name="d"/> was found; false when this example had it already (a later entry won).</summary>
    public bool MarkDense(int d) => Mark(denseSeen, d);

    public bool MarkVariable(FeatureRole role, int d) => Mark(role == FeatureRole.Sparse ? sparseSeen : raggedSeen, d);

    /// <summary>Fills what example <paramref name="index"/> lacks: defaults of fixed dense features (or the "required" error).</summary>
    public void EndExample(ExamplePosition at)
    {
        var index = at.Index;
        for (var d = 0; d < config.Dense.Count; d++)
        {
            if (VariableDense[d] is { } variable)
            {
                variable.EndExample(index);
                continue;
            }

            if (denseSeen[d] == current)
            {
                continue;
            }

            var dense = config.Dense[d];
            if (dense.IsRequired)
            {
                throw ServingException.InvalidArgument(
                    $"Name: {at.Name}, Feature: {dense.Key} (data type: {ExampleParser.TypeName(dense.DataType)}) is required but could not be found.");
            }

            CopyDefault(dense, FixedDense[d]!, index);
        }

        foreach (var values in Sparse)
        {
            values.EndExample(index);
        }

        foreach (var values in Ragged)
        {
            values.EndExample(index);
        }
    }

    /// <summary>The op's outputs in order; the batch no longer owns them. <paramref name="scalar"/>: one example without a batch dimension.</summary>
    public Tensor[] Finish(bool scalar)
    {
        var outputs = new List<Tensor>(3 * Sparse.Length + FixedDense.Length + 2 * Ragged.Length);
        try
        {
            var sparse = Sparse.Select(values => SparseOutputs(values, scalar)).ToArray();
            outputs.AddRange(sparse.Select(s => s.Indices));
            outputs.AddRange(sparse.Select(s => s.Values));
            outputs.AddRange(sparse.Select(s => s.Shape));
            for (var d = 0; d < FixedDense.Length; d++)
            {
                var dense = FixedDense[d] ?? PadVariable(config.Dense[d], VariableDense[d]!);
                FixedDense[d] = null;
                outputs.Add(scalar ? Reshape(dense, new TensorShape(dense.Shape.Dims[1..].ToArray())) : dense);
            }

            outputs.AddRange(Ragged.Select(values => values.ToTensor(new TensorShape(values.Count))));
            for (var r = 0; r < Ragged.Length; r++)
            {
                outputs.Add(RowSplits(Ragged[r], config.Ragged[r].SplitsType, scalar));
            }

            return [.. outputs];
        }
        catch
        {
            outputs.ForEach(o => o.Dispose());
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var tensor in FixedDense)
        {
            tensor?.Dispose();
        }
    }

    private bool Mark(int[] seen, int d)
    {
        if (seen[d] == current)
        {
            return false;
        }

        seen[d] = current;
        return true;
    }

    private static int[] Unseen(int count)
    {
        var seen = new int[count];
        Array.Fill(seen, -1);
        return seen;
    }

    private static Tensor Allocate(DataType dataType, TensorShape shape) =>
        dataType == DataType.String ? Tensor.CreateStrings(shape, new byte[shape.ElementCount][]) : Tensor.Allocate(dataType, shape);

    private static void CopyDefault(DenseFeature dense, Tensor output, int index)
    {
        var count = (int)dense.ElementsPerStride;
        var offset = index * count;
        if (dense.DataType == DataType.String)
        {
            for (var i = 0; i < count; i++)
            {
                ((byte[][])output.Strings)[offset + i] = dense.Default.Strings[i];
            }

            return;
        }

        var size = DataTypes.ElementSize(dense.DataType);
        dense.Default.Data.Span.CopyTo(output.Data.Span.Slice(offset * size, count * size));
    }

    private (Tensor Indices, Tensor Values, Tensor Shape) SparseOutputs(FeatureValues values, bool scalar)
    {
        var total = values.Count;
        var max = values.MaxPerExample();
        var columns = scalar ? 1 : 2;
        var indices = Tensor.Allocate(DataType.Int64, new TensorShape(total, columns));
        var index = indices.AsSpan<long>();
        var at = 0;
        for (var e = 0; e < examples; e++)
        {
            var (_, length) = values.Range(e);
            for (var i = 0; i < length; i++)
            {
                if (!scalar)
                {
                    index[at++] = e;
                }

                index[at++] = i;
            }
        }

        var shape = scalar ? Tensor.FromValues(new TensorShape(1), (long)max) : Tensor.FromValues(new TensorShape(2), (long)examples, max);
        return (indices, values.ToTensor(new TensorShape(total)), shape);
    }

    private Tensor PadVariable(DenseFeature dense, FeatureValues values)
    {
        var stride = dense.ElementsPerStride;
        var rows = values.MaxPerExample() / stride;
        var shape = new TensorShape([examples, rows, .. dense.Shape[1..]]);
        if (shape.ElementCount > ExampleParser.MaxPaddedElements)
        {
            throw ServingException.InvalidArgument(
                $"Feature: {dense.Key} pads {examples} examples to {rows} rows each ({shape.ElementCount} values), more than the limit of {ExampleParser.MaxPaddedElements}.");
        }

        var output = Allocate(dense.DataType, shape);
        Fill(output, dense.Default);
        var perExample = rows * stride;
        for (var e = 0; e < examples; e++)
        {
            var (start, length) = values.Range(e);
            values.CopyTo(start, length, output, e * perExample);
        }

        return output;
    }

    /// <summary>Pads with the default's single element, as TensorFlow does.</summary>
    private static void Fill(Tensor output, Tensor padding)
    {
        switch (output.DataType)
        {
            case DataType.Float:
                output.AsSpan<float>().Fill(padding.AsSpan<float>()[0]);
                break;
            case DataType.Int64:
                output.AsSpan<long>().Fill(padding.AsSpan<long>()[0]);
                break;
            default:
                ((byte[][])output.Strings).AsSpan().Fill(padding.Strings[0]);
                break;
        }
    }

    private Tensor RowSplits(FeatureValues values, DataType splitsType, bool scalar)
    {
        if (scalar)
        {
            return Tensor.Allocate(splitsType, new TensorShape(0));
        }

        var splits = Tensor.Allocate(splitsType, new TensorShape(examples + 1));
        for (var e = 0; e < examples; e++)
        {
            if (splitsType == DataType.Int32)
            {
                splits.AsSpan<int>()[e + 1] = values.Ends[e];
            }
            else
            {
                splits.AsSpan<long>()[e + 1] = values.Ends[e];
            }
        }

        return splits;
    }

    private static Tensor Reshape(Tensor tensor, TensorShape shape) =>
        tensor.IsString ? Tensor.CreateStrings(shape, (byte[][])tensor.Strings) : Tensor.Create(tensor.DataType, shape, tensor.Data, new Owner(tensor));

    /// <summary>Keeps the reshaped tensor's memory alive until the new view is disposed.</summary>
    private sealed class Owner(Tensor tensor) : IDisposable
    {
        public void Dispose() => tensor.Dispose();
    }
}
