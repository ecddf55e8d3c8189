using SealServe.TestKit;
using Tensorflow;

namespace SealServe.Protos.Tests;

public sealed class SavedModelSchemaTests
{
    private static readonly string[] HalfPlusTwoTf1Signatures =
        ["classify_x_to_y", "regress_x2_to_y3", "regress_x_to_y", "regress_x_to_y2", "serving_default"];

    [Fact]
    public void Parse_HalfPlusTwoTf1_EveryFieldKnownAndBytesRoundTrip()
    {
        var path = Corpus.Require("tfserving/saved_model_half_plus_two_cpu/00000123/saved_model.pb");

        var savedModel = ExactParse.File(SavedModel.Parser, path);

        ExactParse.AssertGoogleProtobufWritesSameBytes(savedModel, File.ReadAllBytes(path));
        var metaGraph = Assert.Single(savedModel.MetaGraphs);
        Assert.Contains("serve", metaGraph.MetaInfoDef.Tags);
        Assert.Equal(HalfPlusTwoTf1Signatures, metaGraph.SignatureDef.Keys.Order(StringComparer.Ordinal));
        var serving = metaGraph.SignatureDef["serving_default"];
        Assert.Equal("tensorflow/serving/predict", serving.MethodName);
        AssertTensorInfo(serving.Inputs["x"], "x:0", DataType.DtFloat);
        AssertTensorInfo(serving.Outputs["y"], "y:0", DataType.DtFloat);
        AssertTensorInfo(metaGraph.SignatureDef["classify_x_to_y"].Inputs["inputs"], "tf_example:0", DataType.DtString);
        Assert.True(metaGraph.SignatureDef["classify_x_to_y"].Inputs["inputs"].TensorShape.UnknownRank);
        Assert.NotEmpty(metaGraph.GraphDef.Node);
        Assert.Contains(metaGraph.GraphDef.Node, n => n.Name == "x");
        Assert.Equal(SaverDef.Types.CheckpointFormatVersion.V2, metaGraph.SaverDef.Version);
        // TF1 exports list their assets as Any-packed AssetFileDefs in a collection.
        var assets = metaGraph.CollectionDef["saved_model_assets"].AnyList.Value;
        Assert.Equal("foo.txt", Assert.Single(assets).Unpack<AssetFileDef>().Filename);
    }

    [Fact]
    public void Parse_HalfPlusTwoTf2_EveryFieldKnownAndBytesRoundTrip()
    {
        var path = Corpus.Require("tfserving/saved_model_half_plus_two_tf2_cpu/00000123/saved_model.pb");

        // Only the C++-style re-encoding matches here: this file has map entries with a default key
        // or value, which Google.Protobuf's C# writer leaves out, and fields out of number order.
        var savedModel = ExactParse.File(SavedModel.Parser, path);

        var metaGraph = Assert.Single(savedModel.MetaGraphs);
        Assert.Contains("serve", metaGraph.MetaInfoDef.Tags);
        Assert.Contains("serving_default", metaGraph.SignatureDef.Keys);
        var serving = metaGraph.SignatureDef["serving_default"];
        Assert.Equal("tensorflow/serving/predict", serving.MethodName);
        AssertTensorInfo(serving.Inputs["x"], "serving_default_x:0", DataType.DtFloat);
        Assert.Equal(DataType.DtFloat, Assert.Single(serving.Outputs).Value.Dtype);
        Assert.NotEmpty(metaGraph.GraphDef.Node);
        Assert.NotEmpty(metaGraph.GraphDef.Library.Function);
        Assert.NotEmpty(metaGraph.ObjectGraphDef.Nodes);
        Assert.NotEmpty(metaGraph.ObjectGraphDef.ConcreteFunctions);
    }

    [Fact]
    public void Parse_HalfPlusTwoTf2Fingerprint_EveryFieldKnown()
    {
        var path = Corpus.Require("tfserving/saved_model_half_plus_two_tf2_cpu/00000123/fingerprint.pb");

        var fingerprint = ExactParse.File(FingerprintDef.Parser, path);

        Assert.NotEqual(0UL, fingerprint.SavedModelChecksum);
        Assert.NotEqual(0UL, fingerprint.GraphDefProgramHash);
        Assert.NotNull(fingerprint.Version);
    }

    /// <summary>Every SavedModel, fingerprint and bare GraphDef in the corpus, from TF 1.5 to 2.15 exporters.</summary>
    [Fact]
    public void Parse_AllTensorFlowFilesInCorpus_EveryFieldKnownAndBytesRoundTrip()
    {
        var root = Corpus.Require();
        var files = Directory.EnumerateFiles(root, "*.pb", SearchOption.AllDirectories)
            .Where(f => !f.Contains("test_data_set_", StringComparison.Ordinal) && !f.Contains("_reference", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var parsed = 0;

        foreach (var file in files)
        {
            var name = Path.GetRelativePath(root, file);
            var bytes = File.ReadAllBytes(file);
            switch (Path.GetFileName(file))
            {
                case "saved_model.pb":
                    Assert.NotEmpty(ExactParse.Bytes(SavedModel.Parser, bytes, name).MetaGraphs);
                    parsed++;
                    break;
                case "fingerprint.pb":
                    ExactParse.Bytes(FingerprintDef.Parser, bytes, name);
                    parsed++;
                    break;
                case "keras_metadata.pb":
                    // Keras' own SavedMetadata message, not a TensorFlow proto.
                    break;
                default:
                    // Frozen graphs and tf.io.write_graph output are bare GraphDefs.
                    Assert.NotEmpty(ExactParse.Bytes(GraphDef.Parser, bytes, name).Node);
                    parsed++;
                    break;
            }
        }

        Assert.True(parsed >= 20, $"only {parsed} TensorFlow files found under {root}");
    }

    private static void AssertTensorInfo(TensorInfo info, string name, DataType dtype)
    {
        Assert.Equal(TensorInfo.EncodingOneofCase.Name, info.EncodingCase);
        Assert.Equal(name, info.Name);
        Assert.Equal(dtype, info.Dtype);
    }
}
