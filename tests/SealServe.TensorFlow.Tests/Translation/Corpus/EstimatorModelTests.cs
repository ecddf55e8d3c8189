using System.Text;
using Google.Protobuf;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;
using SealServe.TensorFlow.Tests.Kernels.Parsing;
using SealServe.TensorFlow.Translation;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TestKit;
using static SealServe.TensorFlow.Tests.Kernels.Parsing.ParseExampleGraph;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>
/// TFX's Chicago taxi estimator export: tf.Example parsing (17 sparse features) and the TF Transform vocabularies
/// (tables filled from its assets by TF2 init functions), as far as ops the importer runs go.
/// </summary>
public sealed class EstimatorModelTests
{
    private const string Taxi = "tf/tensorflow__tfx__estimator_taxi_serving/1646034756";
    private const string Transform = "transform_features_layer/StatefulPartitionedCall_6/";

    [Fact]
    public void Plan_TaxiTransform_ParsesSparseFeaturesAndLooksUpBothVocabularies()
    {
        var version = TestKit.Corpus.Require(Taxi);
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(version), SavedModelReader.DefaultTags, version);
        var companies = File.ReadAllLines(Path.Combine(version, "assets", "vocab_compute_and_apply_vocabulary_1_vocabulary"));
        string[] outputs =
        [
            "ParseExample/ParseExampleV2:23", // payment_type values (sparse feature 6 of 17)
            "ParseExample/ParseExampleV2:28", // trip_miles values
            "ParseExample/ParseExampleV2:34", // dense shape of company: [examples, most values in one]
            Transform + "compute_and_apply_vocabulary/apply_vocab/None_Lookup/None_Lookup/LookupTableFindV2:0",
            Transform + "compute_and_apply_vocabulary_1/apply_vocab/None_Lookup/None_Lookup/LookupTableFindV2:0",
        ];
        var request = new TranslationRequest(Inlined(bundle, "predict"), [new GraphInput("input_example_tensor:0", DataType.String, Core.Signatures.ShapeSpec.Of(-1))], outputs, bundle.Variables, "taxi", bundle.Tables);
        byte[][] examples =
        [
            Example(("payment_type", Bytes("Credit Card")), ("company", Bytes(companies[7])), ("trip_miles", Floats(1.5f)), ("fare", Floats(6.25f))).ToByteArray(),
            Example(("payment_type", Bytes("Bitcoin")), ("trip_miles", Floats(12f))).ToByteArray(),
        ];

        var plan = GraphTranslator.Plan(request);
        var values = PlanRun.Run(plan, ("input_example_tensor:0", Tensor.CreateStrings(new TensorShape(2), examples)));

        Assert.Equal(["ParseExampleV2"], plan.Kernels.Select(k => k.Op));
        Assert.Equal(["Credit Card", "Bitcoin"], values[outputs[0]].Strings.Select(s => Encoding.UTF8.GetString(s)));
        Assert.Equal([1.5f, 12f], values[outputs[1]].AsSpan<float>().ToArray());
        Assert.Equal([2L, 1], values[outputs[2]].AsSpan<long>().ToArray());
        Assert.Equal([1L, -1], values[outputs[3]].AsSpan<long>().ToArray()); // "Credit Card" is line 1 of the payment vocabulary
        Assert.Equal([7L, -1], values[outputs[4]].AsSpan<long>().ToArray());
    }

    [Fact]
    public void FindUnsupportedOps_TaxiClassification_NothingMissing()
    {
        var metaGraph = CorpusGraphs.MetaGraph(Taxi + "/saved_model.pb");
        var request = CorpusGraphs.Request(metaGraph, "classification");

        var unsupported = GraphTranslator.FindUnsupportedOps(request.Graph, [.. request.Inputs.Select(i => i.TensorName)], request.Outputs);

        Assert.Empty(unsupported);
    }

    /// <summary>The graph with the signature's function calls inlined, so tensors inside the transform function can be asked for.</summary>
    private static Tensorflow.GraphDef Inlined(SavedModelBundle bundle, string signature)
    {
        var graph = TfGraph.From(bundle.MetaGraph.GraphDef);
        var outputs = bundle.MetaGraph.SignatureDef[signature].Outputs.Values.Select(o => TensorName.Normalize(o.Name)).ToArray();
        PreparedGraph.Prepare(graph, new GraphCut(new HashSet<string>(["input_example_tensor:0"]), outputs));
        var inlined = new Tensorflow.GraphDef { Library = bundle.MetaGraph.GraphDef.Library };
        inlined.Node.AddRange(graph.Nodes);
        return inlined;
    }
}
