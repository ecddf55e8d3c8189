using SealServe.TensorFlow.SavedModel;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Corpus graphs that need ops with neither an ONNX translation nor a host kernel: the translator names them all (what <c>sealserve inspect</c> shows).</summary>
public sealed class BlockedModelTests
{
    [Fact]
    public void FindUnsupportedOps_TrainingGraph_ListsTheMissingOps()
    {
        // The Rust example's training GraphDef: its gradients need ops no serving graph uses.
        var graph = CorpusGraphs.Frozen("tf/tensorflow__rust__regression_graphdef/model.pb");

        var unsupported = GraphTranslator.FindUnsupportedOps(graph, [.. FrozenGraphReader.Inputs(graph).Select(i => i.TensorName)], FrozenGraphReader.Outputs(graph));

        Assert.Equal("BroadcastGradientArgs, DynamicStitch", string.Join(", ", unsupported.Select(u => u.OpType)));
        Assert.All(unsupported, u => Assert.False(string.IsNullOrEmpty(u.FirstNode)));
    }

    [Fact]
    public void FindUnsupportedOps_Tf2TransformWithLookupTables_NothingMissing()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/tensorflow__tfx__tft_tf2_transform/1/saved_model.pb"), "serving_default");

        Assert.Empty(GraphTranslator.FindUnsupportedOps(request.Graph, [.. request.Inputs.Select(i => i.TensorName)], request.Outputs));
    }
}
