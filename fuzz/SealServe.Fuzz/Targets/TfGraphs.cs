using Google.Protobuf;
using Tensorflow;

namespace SealServe.Fuzz.Targets;

/// <summary>Small TensorFlow graphs and SavedModels for seeds: <c>y = Identity(x)</c> and <c>y = x * w</c> with a variable.</summary>
internal static class TfGraphs
{
    public static GraphDef Identity() => new()
    {
        Node =
        {
            Node("x", "Placeholder", ("dtype", new AttrValue { Type = DataType.DtFloat }), ("shape", new AttrValue { Shape = new TensorShapeProto { Dim = { new TensorShapeProto.Types.Dim { Size = -1 } } } })),
            Node("y", "Identity", ("T", new AttrValue { Type = DataType.DtFloat })).WithInputs("x"),
        },
    };

    public static GraphDef Scaled()
    {
        var graph = Identity();
        graph.Node.RemoveAt(1);
        graph.Node.Add(Node("w", "VarHandleOp", ("dtype", new AttrValue { Type = DataType.DtFloat }), ("shared_name", new AttrValue { S = ByteString.CopyFromUtf8("w") })));
        graph.Node.Add(Node("w/read", "ReadVariableOp", ("dtype", new AttrValue { Type = DataType.DtFloat })).WithInputs("w"));
        graph.Node.Add(Node("y", "Mul", ("T", new AttrValue { Type = DataType.DtFloat })).WithInputs("x", "w/read"));
        return graph;
    }

    public static byte[] SavedModel(GraphDef graph)
    {
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        signature.Inputs["x"] = new TensorInfo { Name = "x:0", Dtype = DataType.DtFloat };
        signature.Outputs["y"] = new TensorInfo { Name = "y:0", Dtype = DataType.DtFloat };
        var metaGraph = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" } }, GraphDef = graph };
        metaGraph.SignatureDef["serving_default"] = signature;
        return new Tensorflow.SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { metaGraph } }.ToByteArray();
    }

    private static NodeDef Node(string name, string op, params (string Key, AttrValue Value)[] attrs)
    {
        var node = new NodeDef { Name = name, Op = op };
        foreach (var (key, value) in attrs)
        {
            node.Attr[key] = value;
        }

        return node;
    }

    private static NodeDef WithInputs(this NodeDef node, params string[] inputs)
    {
        node.Input.AddRange(inputs);
        return node;
    }
}
