using System.Text;
using SealServe.Core.Errors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// The configured feature names by their UTF-8 bytes, looked up straight from a serialized example's key bytes:
/// an open-addressing table (FNV-1a hash, linear probing) at most a quarter full, built once per node.
/// </summary>
internal sealed class FeatureKeys
{
    private readonly byte[][] keys;
    private readonly int[] slots;
    private readonly (FeatureRole Role, int Index)[] values;
    private readonly int mask;

    public FeatureKeys(ExampleParserConfig config)
    {
        var names = config.Dense.Select(f => (f.Key, FeatureRole.Dense)).Select((k, i) => (k.Key, k.Item2, i))
            .Concat(config.Sparse.Select((f, i) => (f.Key, FeatureRole.Sparse, i)))
            .Concat(config.Ragged.Select((f, i) => (f.Key, FeatureRole.Ragged, i)))
            .ToArray();
        keys = new byte[names.Length][];
        values = new (FeatureRole, int)[names.Length];
        var size = 4;
        while (size < names.Length * 4)
        {
            size *= 2;
        }

        mask = size - 1;
        slots = new int[size];
        Array.Fill(slots, -1);
        for (var k = 0; k < names.Length; k++)
        {
            var (name, role, index) = names[k];
            keys[k] = Encoding.UTF8.GetBytes(name);
            values[k] = (role, index);
            if (Find(keys[k]) >= 0)
            {
                throw ServingException.InvalidArgument($"Feature key '{name}' is configured twice.");
            }

            var slot = (int)Hash(keys[k]) & mask;
            while (slots[slot] >= 0)
            {
                slot = (slot + 1) & mask;
            }

            slots[slot] = k;
        }
    }

    /// <summary>Finds <paramref name="key"/>, trying the key at <paramref name="guess"/> before hashing (updated to the one found).</summary>
    public bool TryFind(ReadOnlySpan<byte> key, ref int guess, out FeatureRole role, out int index)
    {
        var k = (uint)guess < (uint)keys.Length && key.SequenceEqual(keys[guess]) ? guess : Find(key);
        if (k < 0)
        {
            (role, index) = (default, -1);
            return false;
        }

        guess = k;
        (role, index) = values[k];
        return true;
    }

    private int Find(ReadOnlySpan<byte> key)
    {
        var slot = (int)Hash(key) & mask;
        while (true)
        {
            var k = slots[slot];
            if (k < 0 || key.SequenceEqual(keys[k]))
            {
                return k;
            }

            slot = (slot + 1) & mask;
        }
    }

    private static uint Hash(ReadOnlySpan<byte> key)
    {
        var hash = 2166136261u;
        foreach (var b in key)
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
