using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>
/// Parses a batch of serialized Examples into the outputs of TensorFlow's ParseExample / ParseExampleV2, with
/// TensorFlow's semantics and error texts: of entries with the same key the last wins (merged Examples, e.g. an
/// <c>ExampleListWithContext</c>), a dense feature with no list kind counts as missing, a missing dense feature takes
/// its default or fails when required, and sparse and ragged features collect every value of each example.
/// </summary>
internal sealed class ExampleParser
{
    /// <summary>Most elements a variable-length dense output may pad to (about 1 GiB of floats): padding is N × longest.</summary>
    public const long MaxPaddedElements = 1L << 28;

    /// <summary>Drops unknown fields, which the in-place reader takes only at the Example's top level.</summary>
    private static readonly MessageParser<Tensorflow.Example> ProtobufParser = Tensorflow.Example.Parser.WithDiscardUnknownFields(true);

    private readonly ExampleParserConfig config;
    private readonly FeatureKeys keys;

    public ExampleParser(ExampleParserConfig config)
    {
        this.config = config;
        keys = new FeatureKeys(config);
    }

    public ExampleParserConfig Config => config;

    public FeatureKeys Keys => keys;

    /// <summary>
    /// Parses <paramref name="serialized"/> (a vector of N examples, or a scalar: one example without a batch dimension).
    /// Returns sparse indices, sparse values, sparse shapes, dense values, ragged values, ragged row splits, in that order.
    /// </summary>
    /// <param name="serialized">The serialized examples.</param>
    /// <param name="names">Example names for error messages, or an empty tensor.</param>
    public Tensor[] Parse(Tensor serialized, Tensor? names)
    {
        var examples = serialized.Strings;
        var scalar = serialized.Shape.Rank == 0;
        var batch = new ParsedBatch(config, examples.Count);
        try
        {
            var entries = new List<FeatureEntry>();
            var guesses = new List<int>();
            for (var e = 0; e < examples.Count; e++)
            {
                ParseOne(examples[e], new ExamplePosition(names, e), entries, guesses, batch);
            }

            return batch.Finish(scalar);
        }
        catch
        {
            batch.Dispose();
            throw;
        }
    }

    /// <param name="guesses">Per entry position, the key found there in the previous example: writers put features in one order.</param>
    private void ParseOne(byte[] example, ExamplePosition at, List<FeatureEntry> entries, List<int> guesses, ParsedBatch batch)
    {
        entries.Clear();
        if (!ExampleWire.TryReadEntries(example, entries))
        {
            entries.Clear();
            example = Canonical(example) is { } canonical && ExampleWire.TryReadEntries(canonical, entries)
                ? canonical
                : throw ServingException.InvalidArgument($"Could not parse example input, value: '{Printable(example)}'");
        }

        batch.BeginExample();
        while (guesses.Count < entries.Count)
        {
            guesses.Add(-1);
        }

        // Backwards, as TensorFlow does: the last entry of a key wins, earlier ones are skipped.
        var guessed = CollectionsMarshal.AsSpan(guesses);
        var read = CollectionsMarshal.AsSpan(entries);
        for (var i = read.Length - 1; i >= 0; i--)
        {
            var entry = read[i];
            var key = example.AsSpan(entry.KeyStart, entry.KeyLength);
            if (!keys.TryFind(key, ref guessed[i], out var role, out var d))
            {
                continue;
            }

            var feature = example.AsSpan(entry.FeatureStart, entry.FeatureLength);
            if (!ExampleWire.TryGetKind(feature, out var kind))
            {
                throw ServingException.InvalidArgument("Unsupported datatype.");
            }

            if (role == FeatureRole.Dense)
            {
                if (kind != FeatureKind.None && batch.MarkDense(d))
                {
                    ReadDense(config.Dense[d], d, feature, kind, at, batch);
                }
            }
            else if (batch.MarkVariable(role, d))
            {
                var (featureName, type, values) = role == FeatureRole.Sparse
                    ? (config.Sparse[d].Key, config.Sparse[d].DataType, batch.Sparse[d])
                    : (config.Ragged[d].Key, config.Ragged[d].DataType, batch.Ragged[d]);
                if (kind != FeatureKind.None && TypeOf(kind) != type)
                {
                    throw ExampleError(at, featureName, $"Data types don't match. Expected type: {TypeName(type)}, Actual type: {TypeName(TypeOf(kind))}");
                }

                if (kind != FeatureKind.None)
                {
                    var count = CountValues(feature, type, at, featureName, out var list);
                    values.Append(list, count);
                }
            }
        }

        batch.EndExample(at);
    }

    private static void ReadDense(DenseFeature dense, int d, ReadOnlySpan<byte> feature, FeatureKind kind, ExamplePosition at, ParsedBatch batch)
    {
        CheckDenseType(dense, TypeOf(kind), at);
        var count = CountValues(feature, dense.DataType, at, dense.Key, out var list);
        CheckDenseCount(dense, count, at);
        if (dense.VariableLength)
        {
            batch.VariableDense[d]!.Append(list, count);
            return;
        }

        var output = batch.FixedDense[d]!;
        var offset = at.Index * (int)dense.ElementsPerStride;
        switch (dense.DataType)
        {
            case DataType.Float:
                ExampleWire.CopyFloats(list, output.AsSpan<float>().Slice(offset, count));
                break;
            case DataType.Int64:
                ExampleWire.CopyInt64s(list, output.AsSpan<long>().Slice(offset, count));
                break;
            default:
                ExampleWire.CopyBytes(list, ((byte[][])output.Strings).AsSpan(offset, count));
                break;
        }
    }

    /// <summary>TensorFlow's check of a dense feature's list kind (before its values are read).</summary>
    internal static void CheckDenseType(DenseFeature dense, DataType type, ExamplePosition at)
    {
        if (type != dense.DataType)
        {
            throw ExampleError(at, dense.Key, $"Data types don't match. Data type: {TypeName(type)} but expected type: {TypeName(dense.DataType)}");
        }
    }

    /// <summary>TensorFlow's check of a dense feature's number of values: one stride per row (variable length), else exactly its shape.</summary>
    internal static void CheckDenseCount(DenseFeature dense, int count, ExamplePosition at)
    {
        if (dense.VariableLength ? count % dense.ElementsPerStride != 0 : count != dense.ElementsPerStride)
        {
            throw CountError(dense, count, at);
        }
    }

    private static ServingException CountError(DenseFeature dense, int count, ExamplePosition at) => ExampleError(at, dense.Key, dense.VariableLength
        ? $"Number of {ValuesName(dense.DataType)} values is not a multiple of stride length. Saw {count} values but output shape is: {ShapeText(dense.Shape)}"
        : $"Number of {ValuesName(dense.DataType)} values != expected.  Values size: {count} but output shape: {ShapeText(dense.Shape)}");

    private static int CountValues(ReadOnlySpan<byte> feature, DataType type, ExamplePosition at, string key, out ReadOnlySpan<byte> list)
    {
        var count = -1;
        if (ExampleWire.TryGetList(feature, out list))
        {
            count = type switch
            {
                DataType.Float => ExampleWire.CountFloats(list),
                DataType.Int64 => ExampleWire.CountInt64s(list),
                _ => ExampleWire.CountBytes(list),
            };
        }

        return count >= 0 ? count : throw ExampleError(at, key, "Can't parse serialized Example.");
    }

    internal static ServingException ExampleError(ExamplePosition at, string key, string suffix) =>
        ServingException.InvalidArgument($"Name: {at.Name}, Key: {key}, Index: {at.Index}.  {suffix}");

    private static DataType TypeOf(FeatureKind kind) => kind switch
    {
        FeatureKind.Float => DataType.Float,
        FeatureKind.Int64 => DataType.Int64,
        _ => DataType.String,
    };

    /// <summary>TensorFlow's <c>DataTypeString</c>.</summary>
    internal static string TypeName(DataType type) => DataTypes.ShortName(type);

    private static string ValuesName(DataType type) => type == DataType.String ? "bytes" : TypeName(type);

    /// <summary>A <c>PartialTensorShape</c>'s debug text: <c>[?,2]</c>.</summary>
    internal static string ShapeText(long[] shape) => "[" + string.Join(",", shape.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    /// <summary>
    /// A valid Example the in-place reader does not take (a map entry's value before its key, an unknown field inside a
    /// feature), written as protobuf writes it; null when it is no Example. Classify and Regress hand clients' bytes
    /// straight to the graph, where TF Serving would have parsed and serialized them again first.
    /// </summary>
    private static byte[]? Canonical(byte[] example)
    {
        try
        {
            return ProtobufParser.ParseFrom(example).ToByteArray();
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The example's bytes for an error message: printable ASCII as is, the rest escaped (messages must be text).</summary>
    private static string Printable(byte[] bytes)
    {
        var text = new StringBuilder(Math.Min(bytes.Length, 256) * 2);
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 256)))
        {
            if (b is >= 0x20 and < 0x7F and not (byte)'\\')
            {
                text.Append((char)b);
            }
            else
            {
                text.Append('\\').Append(Convert.ToString(b, 8).PadLeft(3, '0'));
            }
        }

        return bytes.Length > 256 ? text.Append("...").ToString() : text.ToString();
    }
}
