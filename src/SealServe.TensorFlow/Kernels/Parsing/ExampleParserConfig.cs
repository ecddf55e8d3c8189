using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// What a ParseExample node extracts from each Example, in its output order: TensorFlow's <c>FastParseExampleConfig</c>.
/// Keys are the feature names' bytes; element types are float, int64 or string (bytes).
/// </summary>
internal sealed record ExampleParserConfig(IReadOnlyList<DenseFeature> Dense, IReadOnlyList<SparseFeature> Sparse, IReadOnlyList<RaggedFeature> Ragged);

/// <summary>
/// A dense feature: <paramref name="Shape"/> per example; a first dimension of -1 makes it variable length (padded
/// with the default's single element). <paramref name="Default"/> fills a missing feature; empty means required.
/// </summary>
internal sealed record DenseFeature(string Key, DataType DataType, long[] Shape, Tensor Default)
{
    public bool VariableLength { get; } = Shape.Length > 0 && Shape[0] < 0;

    /// <summary>Values per example (fixed length) or per row of the first dimension (variable length).</summary>
    public long ElementsPerStride { get; } = Shape.Skip(Shape.Length > 0 && Shape[0] < 0 ? 1 : 0).Aggregate(1L, (a, b) => a * b);

    public bool IsRequired => !VariableLength && Default.Shape.ElementCount == 0;
}

/// <summary>A sparse feature: all of an example's values, as a SparseTensor's indices, values and dense shape.</summary>
internal sealed record SparseFeature(string Key, DataType DataType);

/// <summary>A ragged feature: all of an example's values, as a RaggedTensor's flat values and row splits.</summary>
internal sealed record RaggedFeature(string Key, DataType DataType, DataType SplitsType);
