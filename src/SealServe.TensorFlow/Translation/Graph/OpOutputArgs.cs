using System.Collections.Frozen;
using Tensorflow;

namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>
/// Maps a function body's output reference (<c>node:arg_name:index</c>) to the flat output index of a
/// graph (<c>node:k</c>). Only ops with several output args need an entry; for the rest the index is flat already.
/// </summary>
internal static class OpOutputArgs
{
    private static readonly FrozenDictionary<string, (string Name, Func<NodeDef, int> Count)[]> Args = new Dictionary<string, (string, Func<NodeDef, int>)[]>
    {
        ["FusedBatchNorm"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
        ["FusedBatchNormV2"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2"),
        ["FusedBatchNormV3"] = Singles("y", "batch_mean", "batch_variance", "reserve_space_1", "reserve_space_2", "reserve_space_3"),
        ["TopKV2"] = Singles("values", "indices"),
        ["Unique"] = Singles("y", "idx"),
        ["UniqueV2"] = Singles("y", "idx"),
        ["UniqueWithCounts"] = Singles("y", "idx", "count"),
        ["Switch"] = Singles("output_false", "output_true"),
        ["Merge"] = Singles("output", "value_index"),
        ["BroadcastGradientArgs"] = Singles("r0", "r1"),
        ["SparseReshape"] = Singles("output_indices", "output_shape"),
        ["SparseFillEmptyRows"] = Singles("output_indices", "output_values", "empty_row_indicator", "reverse_index_map"),
        ["CudnnRNN"] = Singles("output", "output_h", "output_c", "reserve_space"),
        ["CudnnRNNV3"] = Singles("output", "output_h", "output_c", "reserve_space", "host_reserved"),
        ["ParseExample"] =
        [
            ("sparse_indices", n => Int(n, "Nsparse")), ("sparse_values", n => Int(n, "Nsparse")),
            ("sparse_shapes", n => Int(n, "Nsparse")), ("dense_values", n => List(n, "Tdense")),
        ],
        ["ParseExampleV2"] =
        [
            ("sparse_indices", n => Int(n, "num_sparse")), ("sparse_values", n => Int(n, "num_sparse")),
            ("sparse_shapes", n => Int(n, "num_sparse")), ("dense_values", n => List(n, "Tdense")),
            ("ragged_values", n => List(n, "ragged_value_types")), ("ragged_row_splits", n => List(n, "ragged_split_types")),
        ],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The output arg name of references a rewriter writes by flat index (<c>node:_flat:k</c> is <c>node:k</c>).</summary>
    public const string FlatArg = "_flat";

    /// <summary>The flat output index of <paramref name="argName"/>[<paramref name="index"/>] on <paramref name="producer"/>.</summary>
    /// <param name="producer">The producing node, with the op and attributes that size its output lists.</param>
    /// <param name="argName">The output arg name used in the reference.</param>
    /// <param name="index">The index inside that arg.</param>
    /// <param name="functionOutputs">Output arg names when <paramref name="producer"/> calls a library function directly.</param>
    public static int FlatIndex(NodeDef producer, string argName, int index, IReadOnlyList<string>? functionOutputs)
    {
        if (argName == FlatArg)
        {
            return index;
        }

        if (functionOutputs is not null)
        {
            var position = IndexOf(functionOutputs, argName);
            return position < 0 ? index : position + index;
        }

        if (!Args.TryGetValue(producer.Op, out var args))
        {
            return index;
        }

        var offset = 0;
        foreach (var (name, count) in args)
        {
            if (name == argName)
            {
                return offset + index;
            }

            offset += count(producer);
        }

        return index;
    }

    private static (string, Func<NodeDef, int>)[] Singles(params string[] names) => [.. names.Select(n => (n, (Func<NodeDef, int>)(_ => 1)))];

    private static int Int(NodeDef node, string attr) => node.Attr.TryGetValue(attr, out var value) ? (int)value.I : 0;

    private static int List(NodeDef node, string attr) => node.Attr.TryGetValue(attr, out var value) && value.List is not null ? value.List.Type.Count : 0;

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }
}
