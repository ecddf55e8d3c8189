using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Tensorflow;

namespace SealServe.TestKit;

/// <summary>Small TensorFlow SavedModels written in code (graph and assets, no variables), for what the corpus lacks.</summary>
public static class TestSavedModels
{
    /// <summary>
    /// A vocabulary lookup as TF Transform exports it: <c>ids = table.lookup(words)</c> (default -1) and
    /// <c>size = table.size()</c>, the table filled by the main op from <c>assets/vocab.txt</c> (one word per line,
    /// value = line number), whose graph-time path the loader maps through the <c>saved_model_assets</c> collection.
    /// </summary>
    public static void WriteVocabularyLookup(string versionFolder, params string[] words)
    {
        var graph = new GraphDef
        {
            Node =
            {
                Node("words", "Placeholder", [], ("dtype", Type(DataType.DtString)), ("shape", Shape(-1))),
                Node("table", "HashTableV2", [], ("key_dtype", Type(DataType.DtString)), ("value_dtype", Type(DataType.DtInt64)), ("shared_name", Text("hash_table_vocab.txt_-2_-1")), ("container", Text(string.Empty))),
                Node("default", "Const", [], ("dtype", Type(DataType.DtInt64)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtInt64, TensorShape = new TensorShapeProto(), Int64Val = { -1 } } })),
                Node("ids", "LookupTableFindV2", ["table", "words", "default"], ("Tin", Type(DataType.DtString)), ("Tout", Type(DataType.DtInt64))),
                Node("size", "LookupTableSizeV2", ["table"]),
                Node("asset_path", "Const", [], ("dtype", Type(DataType.DtString)), ("value", new AttrValue { Tensor = new TensorProto { Dtype = DataType.DtString, TensorShape = new TensorShapeProto(), StringVal = { ByteString.CopyFromUtf8("/tmp/export/assets/vocab.txt") } } })),
                Node("init_table", "InitializeTableFromTextFileV2", ["table", "asset_path"], ("key_index", Int(-2)), ("value_index", Int(-1)), ("vocab_size", Int(-1)), ("delimiter", Text("\t"))),
                Node("main_op", "NoOp", ["^init_table"]),
            },
        };
        var signature = new SignatureDef { MethodName = "tensorflow/serving/predict" };
        signature.Inputs["words"] = Info("words:0", DataType.DtString, -1);
        signature.Outputs["ids"] = Info("ids:0", DataType.DtInt64, -1);
        signature.Outputs["size"] = Info("size:0", DataType.DtInt64);
        var metaGraph = new MetaGraphDef { MetaInfoDef = new MetaGraphDef.Types.MetaInfoDef { Tags = { "serve" } }, GraphDef = graph };
        metaGraph.SignatureDef["serving_default"] = signature;
        metaGraph.CollectionDef["saved_model_main_op"] = new CollectionDef { NodeList = new CollectionDef.Types.NodeList { Value = { "main_op" } } };
        metaGraph.CollectionDef["saved_model_assets"] = new CollectionDef
        {
            AnyList = new CollectionDef.Types.AnyList { Value = { Any.Pack(new AssetFileDef { TensorInfo = new TensorInfo { Name = "asset_path:0" }, Filename = "vocab.txt" }) } },
        };

        Directory.CreateDirectory(Path.Combine(versionFolder, "assets"));
        File.WriteAllBytes(Path.Combine(versionFolder, "saved_model.pb"), new SavedModel { SavedModelSchemaVersion = 1, MetaGraphs = { metaGraph } }.ToByteArray());
        File.WriteAllText(Path.Combine(versionFolder, "assets", "vocab.txt"), string.Join("\n", words) + "\n");
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

    private static TensorInfo Info(string name, DataType type, params long[] dims) =>
        new() { Name = name, Dtype = type, TensorShape = new TensorShapeProto { Dim = { dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }) } } };

    private static AttrValue Type(DataType type) => new() { Type = type };

    private static AttrValue Int(long value) => new() { I = value };

    private static AttrValue Text(string value) => new() { S = ByteString.CopyFromUtf8(value) };

    private static AttrValue Shape(params long[] dims) => new() { Shape = new TensorShapeProto { Dim = { dims.Select(d => new TensorShapeProto.Types.Dim { Size = d }) } } };
}
