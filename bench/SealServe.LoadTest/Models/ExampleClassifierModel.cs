using Google.Protobuf;
using Tensorflow;

namespace SealServe.LoadTest.Models;

/// <summary>
/// A SavedModel shaped like an estimator export, written in code: <c>ParseExampleV2</c> of <c>f0..f{n-1}</c> (required float
/// features) → ConcatV2 → MatMul → Softmax. Signature <c>classify</c> takes serialized tf.Examples; signature <c>predict</c>
/// takes the same values as one float matrix at the concatenation (<c>x</c>, [batch, n]), both answer <c>scores</c>.
/// </summary>
internal static class ExampleClassifierModel
{
    public const string Name = "examples";

    public static void Write(string versionFolder, int features)
    {
        var graph = new GraphDef();
        graph.Node.Add(Node("input_example_tensor", "Placeholder", [], ("dtype", Type(DataType.DtString)), ("shape", Shape(-1))));
        graph.Node.Add(Const("names", Strings()));
        graph.Node.Add(Const("sparse_keys", Strings()));
        graph.Node.Add(Const("ragged_keys", Strings()));
        graph.Node.Add(Const("dense_keys", Strings([.. Enumerable.Range(0, features).Select(f => $"f{f}")])));
        var defaults = new List<string>();
        for (var f = 0; f < features; f++)
        {
            graph.Node.Add(Const($"default_{f}", new TensorProto { Dtype = DataType.DtFloat, TensorShape = Dims(0) }));
            defaults.Add($"default_{f}");
        }

        graph.Node.Add(Node(
            "parse",
            "ParseExampleV2",
            ["input_example_tensor", "names", "sparse_keys", "dense_keys", "ragged_keys", .. defaults],
            ("num_sparse", new AttrValue { I = 0 }),
            ("sparse_types", Types()),
            ("ragged_value_types", Types()),
            ("ragged_split_types", Types()),
            ("Tdense", Types([.. Enumerable.Repeat(DataType.DtFloat, features)])),
            ("dense_shapes", new AttrValue { List = new AttrValue.Types.ListValue { Shape = { Enumerable.Range(0, features).Select(_ => Dims(1)) } } })));
        graph.Node.Add(Const("axis", new TensorProto { Dtype = DataType.DtInt32, TensorShape = Dims(), IntVal = { 1 } }));
        graph.Node.Add(Node("x", "ConcatV2", [.. Enumerable.Range(0, features).Select(f => $"parse:{f}"), "axis"], ("N", new AttrValue { I = features }), ("T", Type(DataType.DtFloat)), ("Tidx", Type(DataType.DtInt32))));
        var weights = new TensorProto { Dtype = DataType.DtFloat, TensorShape = Dims(features, 2) };
        weights.FloatVal.AddRange(Enumerable.Range(0, features * 2).Select(i => (i % 2 == 0 ? 1f : -1f) / (1 + (i / 2))));
        graph.Node.Add(Const("weights", weights));
        graph.Node.Add(Node("logits", "MatMul", ["x", "weights"], ("T", Type(DataType.DtFloat))));
        graph.Node.Add(Node("probabilities", "Softmax", ["logits"], ("T", Type(DataType.DtFloat))));

        var classify = new SignatureDef { MethodName = "tensorflow/serving/classify" };
        classify.Inputs["inputs"] = Info("input_example_tensor:0", DataType.DtString, -1);
        classify.Outputs["scores"] = Info("probabilities:0", DataType.DtFloat, -1, 2);
        var predict = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        predict.Inputs["x"] = Info("x:0", DataType.DtFloat, -1, features);
        predict.Outputs["scores"] = Info("probabilities:0", DataType.DtFloat, -1, 2);
        var metaGraph = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" } }, GraphDef = graph };
        metaGraph.SignatureDef["classify"] = classify;
        metaGraph.SignatureDef["predict"] = predict;

        Directory.CreateDirectory(versionFolder);
        File.WriteAllBytes(Path.Combine(versionFolder, "saved_model.pb"), new SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { metaGraph } }.ToByteArray());
    }

    private static NodeDef Node(string name, string op, string[] inputs, params (string Name, AttrValue Value)[] attributes)
    {
        var node = new NodeDef { Name = name, Op = op, Input = { inputs } };
        foreach (var (key, value) in attributes)
        {
            node.Attr[key] = value;
        }

        return node;
    }

    private static NodeDef Const(string name, TensorProto value) =>
        Node(name, "Const", [], ("dtype", Type(value.Dtype)), ("value", new AttrValue { Tensor = value }));

    private static TensorProto Strings(params string[] values) =>
        new() { Dtype = DataType.DtString, TensorShape = Dims(values.Length), StringVal = { values.Select(ByteString.CopyFromUtf8) } };

    private static TensorShapeProto Dims(params long[] dims) => new() { Dim = { dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }) } };

    private static AttrValue Shape(params long[] dims) => new() { Shape = Dims(dims) };

    private static AttrValue Type(DataType type) => new() { Type = type };

    private static AttrValue Types(params DataType[] types) => new() { List = new AttrValue.Types.ListValue { Type = { types } } };

    private static TensorInfo Info(string name, DataType type, params long[] dims) => new() { Name = name, Dtype = type, TensorShape = Dims(dims) };
}
