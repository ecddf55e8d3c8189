using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// TensorFlow's <c>ParseExample</c> and <c>ParseExampleV2</c>: serialized <c>tf.Example</c>s (a vector, or for V2 also a
/// scalar) into dense, sparse and ragged tensors. Keys, dense defaults and shapes are read once at import (they must be
/// constants, as every exporter writes them); the examples (and names, when not constant) come with each run.
/// </summary>
[TfKernel("ParseExample", "ParseExampleV2",
    Notes = "Dense (defaults, required, any-rank dense_shapes, variable length), sparse and (V2) ragged features; keys and defaults must be constants.")]
internal sealed class ParseExampleKernel : IHostKernel
{
    private readonly ExampleParser parser;
    private readonly bool isV2;
    private readonly Tensor? constantNames;
    private readonly bool namesAtRuntime;

    public ParseExampleKernel(KernelConstruction construction)
    {
        var node = construction.Node;
        isV2 = node.Op == "ParseExampleV2";
        var sparseTypes = node.GetTypes("sparse_types");
        var denseTypes = node.GetTypes("Tdense");
        var denseShapes = node.Definition.Attr.TryGetValue("dense_shapes", out var shapes) && shapes.List is not null ? shapes.List.Shape : [];
        var raggedTypes = isV2 ? node.GetTypes("ragged_value_types") : [];
        var splitTypes = isV2 ? node.GetTypes("ragged_split_types") : [];
        var sparseCount = (int)node.GetInt(isV2 ? "num_sparse" : "Nsparse", sparseTypes.Count);
        var denseCount = denseTypes.Count;
        if (sparseCount != sparseTypes.Count || denseShapes.Count != denseCount || raggedTypes.Count != splitTypes.Count)
        {
            throw construction.Error($"its attributes disagree: {sparseCount} sparse features with {sparseTypes.Count} sparse_types, {denseCount} Tdense with {denseShapes.Count} dense_shapes, {raggedTypes.Count} ragged_value_types with {splitTypes.Count} ragged_split_types.");
        }

        var serializedShape = construction.InputShape(0);
        construction.RuntimeInput(0);
        var names = construction.TryConstant(1);
        if (names is null)
        {
            construction.RuntimeInput(1);
            namesAtRuntime = true;
        }
        else if (names.ElementCount > 0)
        {
            constantNames = names.ToTensor();
        }

        var sparseKeys = isV2 ? Keys(construction, 2, "sparse_keys") : ListKeys(construction, 2, sparseCount, "sparse_keys");
        var denseKeys = isV2 ? Keys(construction, 3, "dense_keys") : ListKeys(construction, 2 + sparseCount, denseCount, "dense_keys");
        var raggedKeys = isV2 ? Keys(construction, 4, "ragged_keys") : [];
        var defaultsStart = isV2 ? 5 : 2 + sparseCount + denseCount;
        CheckCounts(construction, sparseKeys.Length, sparseCount, denseKeys.Length, denseCount, raggedKeys.Length, raggedTypes.Count, node.Inputs.Count - defaultsStart);

        var dense = new DenseFeature[denseCount];
        for (var d = 0; d < denseCount; d++)
        {
            var shape = DenseShape(construction, d, denseShapes[d]);
            var defaultValue = construction.Constant(defaultsStart + d, $"dense_defaults[{d}]");
            dense[d] = new DenseFeature(denseKeys[d], CheckType(construction, denseTypes[d]), shape, defaultValue.ToTensor());
            CheckDefault(construction, d, dense[d], defaultValue);
        }

        var config = new ExampleParserConfig(
            dense,
            [.. sparseKeys.Select((key, i) => new SparseFeature(key, CheckType(construction, sparseTypes[i])))],
            [.. raggedKeys.Select((key, i) => new RaggedFeature(key, CheckType(construction, raggedTypes[i]), CheckSplits(construction, splitTypes[i])))]);
        parser = new ExampleParser(config);

        // V1 takes only a vector of examples, whatever the placeholder declares (half_plus_three's says scalar).
        DeclareOutputs(construction, config, isV2 ? serializedShape : ShapeSpec.Of(-1));
    }

    /// <summary>The parser when an <see cref="ExampleParseFront"/> may stand in for the node: fixed-shape dense features only, no example names.</summary>
    internal ExampleParser? DenseParser =>
        !namesAtRuntime && constantNames is null && parser.Config is { Sparse.Count: 0, Ragged.Count: 0 } config && config.Dense.All(d => !d.VariableLength)
            ? parser
            : null;

    public Tensor[] Compute(ReadOnlySpan<Tensor> inputs)
    {
        var serialized = inputs[0];
        if (serialized.DataType != DataType.String)
        {
            throw ServingException.InvalidArgument($"Expected serialized to be a string tensor, got {DataTypes.TfName(serialized.DataType)}.");
        }

        if (isV2 ? serialized.Shape.Rank > 1 : serialized.Shape.Rank != 1)
        {
            throw ServingException.InvalidArgument(
                $"Expected serialized to be {(isV2 ? "a scalar or vector" : "a vector")}, got shape: {serialized.Shape}");
        }

        var names = namesAtRuntime ? inputs[1] : constantNames;
        if (names is { Shape.ElementCount: > 0 } && !names.Shape.Equals(serialized.Shape))
        {
            throw ServingException.InvalidArgument(
                $"Expected names have the same shape as serialized: name.shape={names.Shape}, serialized.shape={serialized.Shape}");
        }

        return parser.Parse(serialized, names);
    }

    private static string[] Keys(KernelConstruction construction, int input, string role) =>
        [.. construction.Constant(input, role).Strings.Select(k => System.Text.Encoding.UTF8.GetString(k))];

    private static string[] ListKeys(KernelConstruction construction, int start, int count, string role) =>
        [.. Enumerable.Range(start, count).Select(i => System.Text.Encoding.UTF8.GetString(construction.Constant(i, role).Strings.Single()))];

    private static void CheckCounts(KernelConstruction construction, int sparseKeys, int sparse, int denseKeys, int dense, int raggedKeys, int ragged, int defaults)
    {
        if (denseKeys != dense)
        {
            throw construction.Error($"Expected len(dense_keys) == len(dense_types) but got: {denseKeys} vs. {dense}");
        }

        if (sparseKeys != sparse)
        {
            throw construction.Error($"Expected len(sparse_keys) == num_sparse but got: {sparseKeys} vs. {sparse}");
        }

        if (raggedKeys != ragged)
        {
            throw construction.Error($"Expected len(ragged_keys) == len(ragged_value_types) but got: {raggedKeys} vs. {ragged}");
        }

        if (defaults != dense)
        {
            throw construction.Error($"Expected len(dense_defaults) == len(dense_keys) but got: {defaults} vs. {dense}");
        }
    }

    /// <summary>TensorFlow's rule: known rank, every dimension after the first known; a first dimension of -1 means variable length.</summary>
    private static long[] DenseShape(KernelConstruction construction, int d, Tensorflow.TensorShapeProto proto)
    {
        var shape = proto.Dim.Select(dim => dim.Size).ToArray();
        if (proto.UnknownRank || shape.Skip(1).Any(dim => dim < 0))
        {
            throw construction.Error($"dense_shapes[{d}] has unknown rank or unknown inner dimensions: {(proto.UnknownRank ? "<unknown>" : ExampleParser.ShapeText(shape))}");
        }

        return shape;
    }

    private static void CheckDefault(KernelConstruction construction, int d, DenseFeature dense, TensorValue value)
    {
        if (dense.VariableLength && value.ElementCount != 1)
        {
            throw construction.Error(
                $"dense_shape[{d}] is a variable length shape: {ExampleParser.ShapeText(dense.Shape)}, therefore def_value[{d}] must contain a single element (the padding element).  But its shape is: [{string.Join(",", value.Shape)}]");
        }

        if (!dense.VariableLength && value.ElementCount > 0 && !value.Shape.SequenceEqual(dense.Shape))
        {
            throw construction.Error(
                $"def_value[{d}].shape() == [{string.Join(",", value.Shape)}] is not compatible with dense_shapes_[{d}] == {ExampleParser.ShapeText(dense.Shape)}");
        }

        if (value.DataType != dense.DataType)
        {
            throw construction.Error(
                $"dense_defaults[{d}].dtype() == {ExampleParser.TypeName(value.DataType)} != dense_types_[{d}] == {ExampleParser.TypeName(dense.DataType)}");
        }
    }

    private static DataType CheckType(KernelConstruction construction, DataType type) => type is DataType.Float or DataType.Int64 or DataType.String
        ? type
        : throw construction.Error($"Invalid config dtype: {ExampleParser.TypeName(type)}");

    private static DataType CheckSplits(KernelConstruction construction, DataType type) => type is DataType.Int32 or DataType.Int64
        ? type
        : throw construction.Error($"Invalid ragged_split_type: {ExampleParser.TypeName(type)}");

    /// <summary>Output types and shapes, batch-major when the examples are a vector (or of unknown rank).</summary>
    private static void DeclareOutputs(KernelConstruction construction, ExampleParserConfig config, ShapeSpec? serialized)
    {
        bool? vector = serialized is { UnknownRank: false } known ? known.Dims.Count == 1 : null;
        var batch = serialized is { UnknownRank: false, Dims.Count: 1 } ? serialized.Dims[0] : new DimSpec(-1);
        foreach (var _ in config.Sparse)
        {
            construction.Output(DataType.Int64, vector is null ? ShapeSpec.Of(-1, -1) : ShapeSpec.Of(-1, vector.Value ? 2 : 1));
        }

        foreach (var sparse in config.Sparse)
        {
            construction.Output(sparse.DataType, ShapeSpec.Of(-1));
        }

        foreach (var _ in config.Sparse)
        {
            construction.Output(DataType.Int64, vector is null ? ShapeSpec.Of(-1) : ShapeSpec.Of(vector.Value ? 2 : 1));
        }

        foreach (var dense in config.Dense)
        {
            var perExample = dense.Shape.Select(d => new DimSpec(d));
            construction.Output(dense.DataType, vector switch
            {
                null => null,
                true => new ShapeSpec([batch, .. perExample]),
                false => new ShapeSpec([.. perExample]),
            });
        }

        foreach (var ragged in config.Ragged)
        {
            construction.Output(ragged.DataType, ShapeSpec.Of(-1));
        }

        foreach (var ragged in config.Ragged)
        {
            construction.Output(ragged.SplitsType, ShapeSpec.Of(-1));
        }
    }
}
