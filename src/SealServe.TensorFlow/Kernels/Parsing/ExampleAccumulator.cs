using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// ParseExample's dense outputs filled from examples a codec has already read as typed values (REST's JSON), with
/// the kernel's rules: of entries with the same key the first added wins (add an example's own features before its
/// context's), a missing feature takes its default, and a wrong type, a wrong number of values or a missing required
/// feature throws TensorFlow's error, as the kernel would on the same example serialized.
/// </summary>
public sealed class ExampleAccumulator : IDisposable
{
    private readonly ExampleParser parser;
    private readonly DenseFeature[] dense;
    private readonly ParsedBatch batch;
    private ExamplePosition at = new(null, -1);

    internal ExampleAccumulator(ExampleParser parser, int examples)
    {
        this.parser = parser;
        dense = [.. parser.Config.Dense];
        batch = new ParsedBatch(parser.Config, examples);
    }

    /// <summary>The feature named <paramref name="key"/> (UTF-8), or -1 when the stage does not read it; <paramref name="guess"/> as for the kernel's key lookup (start at -1).</summary>
    public int Find(ReadOnlySpan<byte> key, ref int guess) => parser.Keys.TryFind(key, ref guess, out _, out var feature) ? feature : -1;

    public void BeginExample()
    {
        batch.BeginExample();
        at = at with { Index = at.Index + 1 };
    }

    public void AddFloats(int feature, ReadOnlySpan<float> values)
    {
        if (Claim(feature, DataType.Float, values.Length) is { } output)
        {
            values.CopyTo(output.AsSpan<float>()[(at.Index * values.Length)..]);
        }
    }

    public void AddInt64s(int feature, ReadOnlySpan<long> values)
    {
        if (Claim(feature, DataType.Int64, values.Length) is { } output)
        {
            values.CopyTo(output.AsSpan<long>()[(at.Index * values.Length)..]);
        }
    }

    /// <summary>Adds the byte strings <paramref name="values"/>, ranges of <paramref name="source"/>.</summary>
    public void AddBytes(int feature, ReadOnlySpan<byte> source, ReadOnlySpan<Range> values)
    {
        if (Claim(feature, DataType.String, values.Length) is { } output)
        {
            var strings = ((byte[][])output.Strings).AsSpan(at.Index * values.Length);
            for (var i = 0; i < values.Length; i++)
            {
                strings[i] = source[values[i]].ToArray();
            }
        }
    }

    /// <summary>Fills the example's missing features with their defaults; throws TensorFlow's error for a missing required one.</summary>
    public void EndExample() => batch.EndExample(at);

    /// <summary>The dense outputs, in the stage's output order; the caller owns them.</summary>
    public Tensor[] Finish() => batch.Finish(scalar: false);

    public void Dispose() => batch.Dispose();

    /// <summary>The output the feature's values go to, or null when an entry added earlier for this example won.</summary>
    private Tensor? Claim(int feature, DataType type, int count)
    {
        if (!batch.MarkDense(feature))
        {
            return null;
        }

        ExampleParser.CheckDenseType(dense[feature], type, at);
        ExampleParser.CheckDenseCount(dense[feature], count, at);
        return batch.FixedDense[feature];
    }
}
