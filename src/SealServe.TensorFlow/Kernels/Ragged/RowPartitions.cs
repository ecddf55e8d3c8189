using SealServe.Core.Errors;

namespace SealServe.TensorFlow.Kernels.Ragged;

/// <summary>
/// The ragged dimensions of a RaggedTensor as row splits, one array per level (level k's row i holds the level k + 1
/// items <c>splits[k][i] .. splits[k][i + 1]</c>), checked: starting at 0, never decreasing, ending at the next level's size.
/// </summary>
internal static class RowPartitions
{
    /// <summary>Checks one level's splits against the number of items below it.</summary>
    public static long[] CheckSplits(long[] splits, long items, int level)
    {
        if (splits.Length == 0 || splits[0] != 0)
        {
            throw ServingException.InvalidArgument($"Ragged splits of dimension {level + 1} must start at 0 (got {(splits.Length == 0 ? "no splits" : splits[0].ToString(System.Globalization.CultureInfo.InvariantCulture))}).");
        }

        for (var i = 1; i < splits.Length; i++)
        {
            if (splits[i] < splits[i - 1])
            {
                throw ServingException.InvalidArgument($"Ragged splits of dimension {level + 1} must be sorted in ascending order: splits[{i}] = {splits[i]} < splits[{i - 1}] = {splits[i - 1]}.");
            }
        }

        return splits[^1] == items
            ? splits
            : throw ServingException.InvalidArgument($"Ragged splits of dimension {level + 1} end at {splits[^1]}, but there are {items} items below it.");
    }

    /// <summary>Row splits from sorted row ids (the row of each item) and the number of rows.</summary>
    public static long[] FromRowIds(long[] rowIds, long rows, int level)
    {
        var splits = new long[rows + 1];
        for (var i = 0; i < rowIds.Length; i++)
        {
            var row = rowIds[i];
            if (row < 0 || row >= rows || (i > 0 && row < rowIds[i - 1]))
            {
                throw ServingException.InvalidArgument($"Ragged value_rowids of dimension {level + 1} must be sorted and in [0, {rows}): value_rowids[{i}] = {row}.");
            }

            splits[row + 1]++;
        }

        for (var r = 0; r < rows; r++)
        {
            splits[r + 1] += splits[r];
        }

        return splits;
    }
}
