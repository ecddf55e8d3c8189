using Google.Protobuf;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Tests.Translation;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Kernels.Parsing;

/// <summary>A graph with one ParseExample(V2) node fed serialized examples, planned by the importer; its kernel parses them.</summary>
internal sealed class ParseExampleGraph
{
    private readonly List<(string Key, DataType Type, long[] Shape, TensorValue Default)> dense = [];
    private readonly List<(string Key, DataType Type)> sparse = [];
    private readonly List<(string Key, DataType Type, DataType Splits)> ragged = [];

    public ParseExampleGraph Dense(string key, DataType type, long[] shape, TensorValue? defaultValue = null)
    {
        dense.Add((key, type, shape, defaultValue ?? Empty(type)));
        return this;
    }

    public ParseExampleGraph Sparse(string key, DataType type)
    {
        sparse.Add((key, type));
        return this;
    }

    public ParseExampleGraph Ragged(string key, DataType type, DataType splits = DataType.Int64)
    {
        ragged.Add((key, type, splits));
        return this;
    }

    /// <summary>Binds the kernel of a <c>ParseExampleV2</c> (or, with <paramref name="v1"/>, <c>ParseExample</c>) node; the examples are a vector unless <paramref name="serializedShape"/> says otherwise.</summary>
    public IHostKernel Kernel(bool v1 = false, long[]? serializedShape = null, string[]? names = null)
    {
        var graph = new TfGraphBuilder();
        var serialized = graph.Placeholder("serialized", DataType.String, serializedShape ?? [-1]);
        AddTo(graph, serialized, "parse", v1, names);
        var outputCount = (3 * sparse.Count) + dense.Count + (2 * ragged.Count);
        var plan = GraphTranslator.Plan(new TranslationRequest(graph.Graph, graph.Inputs, [.. Enumerable.Range(0, outputCount).Select(i => $"parse:{i}")], new ZeroVariables(), "parse"));
        return Assert.IsType<KernelStage>(Assert.Single(plan.Stages)).Kernel;
    }

    /// <summary>Adds the node <paramref name="name"/> parsing <paramref name="serialized"/>, with its constant inputs, to <paramref name="graph"/>.</summary>
    public void AddTo(TfGraphBuilder graph, string serialized, string name, bool v1 = false, string[]? names = null)
    {
        var namesTensor = graph.Const($"{name}/names", TensorValue.FromStrings(names is null ? [0] : [names.Length], [.. (names ?? []).Select(n => System.Text.Encoding.UTF8.GetBytes(n))]));
        var defaults = dense.Select((d, i) => graph.Const($"{name}/default_{i}", d.Default)).ToArray();
        var attributes = new List<(string, AttrValue)>
        {
            ("sparse_types", TfGraphBuilder.Types([.. sparse.Select(s => s.Type)])),
            ("Tdense", TfGraphBuilder.Types([.. dense.Select(d => d.Type)])),
            ("dense_shapes", Shapes(dense.Select(d => d.Shape))),
        };
        List<string> inputs = [serialized, namesTensor];
        string op;
        if (v1)
        {
            op = "ParseExample";
            inputs.AddRange(sparse.Select((s, i) => graph.Const($"{name}/sparse_key_{i}", Key(s.Key))));
            inputs.AddRange(dense.Select((d, i) => graph.Const($"{name}/dense_key_{i}", Key(d.Key))));
            attributes.Add(("Nsparse", TfGraphBuilder.Int(sparse.Count)));
            attributes.Add(("Ndense", TfGraphBuilder.Int(dense.Count)));
        }
        else
        {
            op = "ParseExampleV2";
            inputs.Add(graph.Const($"{name}/sparse_keys", Keys(sparse.Select(s => s.Key))));
            inputs.Add(graph.Const($"{name}/dense_keys", Keys(dense.Select(d => d.Key))));
            inputs.Add(graph.Const($"{name}/ragged_keys", Keys(ragged.Select(r => r.Key))));
            attributes.Add(("num_sparse", TfGraphBuilder.Int(sparse.Count)));
            attributes.Add(("ragged_value_types", TfGraphBuilder.Types([.. ragged.Select(r => r.Type)])));
            attributes.Add(("ragged_split_types", TfGraphBuilder.Types([.. ragged.Select(r => r.Splits)])));
        }

        inputs.AddRange(defaults);
        graph.Op(op, name, inputs, [.. attributes]);
    }

    public static Tensor[] Parse(IHostKernel kernel, params IMessage[] examples) =>
        kernel.Compute([Tensor.CreateStrings(new TensorShape(examples.Length), [.. examples.Select(e => e.ToByteArray())])]);

    public static Example Example(params (string Key, Feature Feature)[] features)
    {
        var example = new Example { Features = new Features() };
        foreach (var (key, feature) in features)
        {
            example.Features.Feature[key] = feature;
        }

        return example;
    }

    public static Feature Floats(params float[] values)
    {
        var feature = new Feature { FloatList = new FloatList() };
        feature.FloatList.Value.AddRange(values);
        return feature;
    }

    public static Feature Int64s(params long[] values)
    {
        var feature = new Feature { Int64List = new Int64List() };
        feature.Int64List.Value.AddRange(values);
        return feature;
    }

    public static Feature Bytes(params string[] values)
    {
        var feature = new Feature { BytesList = new BytesList() };
        feature.BytesList.Value.AddRange(values.Select(ByteString.CopyFromUtf8));
        return feature;
    }

    private static TensorValue Empty(DataType type) => type == DataType.String
        ? TensorValue.FromStrings([0], [])
        : TensorValue.FromRaw(type, [0], ReadOnlyMemory<byte>.Empty);

    private static TensorValue Key(string key) => TensorValue.FromStrings([], [System.Text.Encoding.UTF8.GetBytes(key)]);

    private static TensorValue Keys(IEnumerable<string> keys)
    {
        byte[][] bytes = [.. keys.Select(System.Text.Encoding.UTF8.GetBytes)];
        return TensorValue.FromStrings([bytes.Length], bytes);
    }

    private static AttrValue Shapes(IEnumerable<long[]> shapes)
    {
        var list = new AttrValue.Types.ListValue();
        list.Shape.AddRange(shapes.Select(s => TfGraphBuilder.Shape(s)));
        return new AttrValue { List = list };
    }
}
