using System.Runtime.InteropServices;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Server.Codecs.Json;

/// <summary>
/// The examples (and context) of a classify/regress body as <see cref="ExamplesJsonFastPath"/> read them: per feature
/// its name and its typed values, names and strings as ranges of the body. From here the examples are either written
/// as serialized tf.Examples, or, when the engine offers its parse stage, turned into that stage's outputs directly.
/// </summary>
internal sealed class TypedExamples(ReadOnlyMemory<byte> body)
{
    // Sized for numeric features as clients write them ("f0": 1.25, about ten bytes each): no copies while the lists grow.
    private readonly List<Feature> features = new(body.Length / 10);
    private readonly List<float> floats = new(body.Length / 10);
    private readonly List<long> int64s = [];
    private readonly List<Range> bytes = [];
    private readonly List<(int Start, int End)> examples = [];
    private (int Start, int End)? context;
    private (int Floats, int Int64s, int Bytes) featureStart;
    private int longest;

    public int Count => examples.Count;

    /// <summary>Where the next feature goes: pass it to <see cref="EndExample"/> or <see cref="EndContext"/>.</summary>
    public int NextFeature => features.Count;

    public void StartFeature() => featureStart = (floats.Count, int64s.Count, bytes.Count);

    public void AddFloat(float value) => floats.Add(value);

    public void AddInt64(long value) => int64s.Add(value);

    public void AddBytes(Range value) => bytes.Add(value);

    /// <summary>Closes the feature <paramref name="name"/> with the values added since <see cref="StartFeature"/>, all of <paramref name="kind"/> (an <see cref="ExampleWireWriter"/> kind).</summary>
    public void EndFeature(Range name, int kind)
    {
        var (start, end) = kind switch
        {
            ExampleWireWriter.Float => (featureStart.Floats, floats.Count),
            ExampleWireWriter.Int64 => (featureStart.Int64s, int64s.Count),
            ExampleWireWriter.Bytes => (featureStart.Bytes, bytes.Count),
            _ => (0, 0),
        };
        features.Add(new Feature(name, kind, start, end - start));
    }

    /// <summary>The features from <paramref name="start"/> on are one example.</summary>
    public void EndExample(int start)
    {
        examples.Add((start, features.Count));
        longest = Math.Max(longest, features.Count - start);
    }

    /// <summary>The features from <paramref name="start"/> on are the context, merged into every example.</summary>
    public void EndContext(int start) => context = (start, features.Count);

    /// <summary>The examples serialized, a string vector; with a context, its bytes then each example's (a protobuf merge, the example's own features winning).</summary>
    public Tensor ToSerialized()
    {
        var writer = new ExampleWireWriter();
        var prefix = context is { } shared ? Write(writer, shared, []) : [];
        var serialized = new byte[examples.Count][];
        for (var e = 0; e < serialized.Length; e++)
        {
            serialized[e] = Write(writer, examples[e], prefix);
        }

        return Tensor.CreateStrings(new TensorShape(serialized.Length), serialized);
    }

    /// <summary>
    /// The outputs of <paramref name="front"/>'s parse stage for these examples, as it would compute them from
    /// <see cref="ToSerialized"/>; null when it would fail on them (that path then gives TensorFlow's error).
    /// </summary>
    public Tensor[]? TryParse(ExampleParseFront front)
    {
        using var accumulator = front.Begin(examples.Count);
        var source = body.Span;
        var all = CollectionsMarshal.AsSpan(features);
        var shared = context is var (from, to) ? all[from..to] : [];
        Span<int> sharedFeatures = shared.Length <= 64 ? stackalloc int[shared.Length] : new int[shared.Length];
        for (var i = 0; i < shared.Length; i++)
        {
            var guess = -1;
            sharedFeatures[i] = accumulator.Find(source[shared[i].Name], ref guess);
        }

        // Per position in an example, the feature found there in the previous one: clients write one order.
        var guesses = new int[longest];
        Array.Fill(guesses, -1);
        try
        {
            foreach (var (start, end) in examples)
            {
                accumulator.BeginExample();
                var own = all[start..end];
                for (var i = 0; i < own.Length; i++)
                {
                    if (own[i].Kind != ExampleWireWriter.NoValues && accumulator.Find(source[own[i].Name], ref guesses[i]) is >= 0 and var feature)
                    {
                        Add(accumulator, feature, own[i], source);
                    }
                }

                // The context's features after the example's own: where both have a feature, the example's was added first and wins.
                for (var i = 0; i < shared.Length; i++)
                {
                    if (shared[i].Kind != ExampleWireWriter.NoValues && sharedFeatures[i] >= 0)
                    {
                        Add(accumulator, sharedFeatures[i], shared[i], source);
                    }
                }

                accumulator.EndExample();
            }

            return accumulator.Finish();
        }
        catch (ServingException)
        {
            return null;
        }
    }

    private void Add(ExampleAccumulator accumulator, int feature, Feature values, ReadOnlySpan<byte> source)
    {
        switch (values.Kind)
        {
            case ExampleWireWriter.Float:
                accumulator.AddFloats(feature, CollectionsMarshal.AsSpan(floats).Slice(values.Start, values.Count));
                break;
            case ExampleWireWriter.Int64:
                accumulator.AddInt64s(feature, CollectionsMarshal.AsSpan(int64s).Slice(values.Start, values.Count));
                break;
            default:
                accumulator.AddBytes(feature, source, CollectionsMarshal.AsSpan(bytes).Slice(values.Start, values.Count));
                break;
        }
    }

    private byte[] Write(ExampleWireWriter writer, (int Start, int End) example, ReadOnlySpan<byte> prefix)
    {
        var source = body.Span;
        writer.StartExample();
        foreach (var feature in CollectionsMarshal.AsSpan(features)[example.Start..example.End])
        {
            writer.StartFeature();
            for (var i = feature.Start; i < feature.Start + feature.Count; i++)
            {
                switch (feature.Kind)
                {
                    case ExampleWireWriter.Float:
                        writer.AddFloat(floats[i]);
                        break;
                    case ExampleWireWriter.Int64:
                        writer.AddInt64(int64s[i]);
                        break;
                    default:
                        writer.AddBytes(source[bytes[i]]);
                        break;
                }
            }

            writer.EndFeature(source[feature.Name], feature.Kind);
        }

        return writer.EndExample(prefix);
    }

    /// <summary>One feature of an example: its name, its kind, and its values' place in the list of that kind.</summary>
    private readonly record struct Feature(Range Name, int Kind, int Start, int Count);
}
