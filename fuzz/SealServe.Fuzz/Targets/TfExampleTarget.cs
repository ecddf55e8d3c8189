using Google.Protobuf;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Fuzz.Targets;

/// <summary>
/// The ParseExample kernel over serialized tf.Examples (the input is one; the batch is it twice, then it and an empty
/// example): dense features with and without defaults, fixed and variable length, sparse and ragged features.
/// </summary>
internal sealed class TfExampleTarget : IFuzzTarget
{
    private static readonly ExampleParser Parser = new(new ExampleParserConfig(
        [
            new DenseFeature("f", DataType.Float, [2], Tensor.FromValues(new TensorShape(2), [0f, 0f])),
            new DenseFeature("i", DataType.Int64, [1], Tensor.FromValues<long>(new TensorShape(0))),
            new DenseFeature("v", DataType.Float, [-1], Tensor.FromValues(new TensorShape(1), [0f])),
        ],
        [new SparseFeature("s", DataType.String), new SparseFeature("n", DataType.Int64)],
        [new RaggedFeature("r", DataType.Float, DataType.Int64)]));

    public string Name => "tf-example";

    public void Run(ReadOnlySpan<byte> input)
    {
        var example = input.ToArray();
        foreach (var batch in new[] { new[] { example, example }, [example, []] })
        {
            foreach (var tensor in Parser.Parse(Tensor.CreateStrings(new TensorShape(batch.Length), batch), null))
            {
                tensor.Dispose();
            }
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds() =>
    [
        ("all-features", Example(
            ("f", new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 1.5f, -2f } } }),
            ("i", new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { 7 } } }),
            ("v", new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 1f, 2f, 3f } } }),
            ("s", new Tensorflow.Feature { BytesList = new Tensorflow.BytesList { Value = { ByteString.CopyFromUtf8("a"), ByteString.CopyFromUtf8("bc") } } }),
            ("n", new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { -1, 1L << 40 } } }),
            ("r", new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 0.25f } } }))),
        ("required-only", Example(("i", new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { 1 } } }))),
    ];

    private static byte[] Example(params (string Key, Tensorflow.Feature Feature)[] features)
    {
        var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
        foreach (var (key, feature) in features)
        {
            example.Features.Feature[key] = feature;
        }

        return example.ToByteArray();
    }
}
