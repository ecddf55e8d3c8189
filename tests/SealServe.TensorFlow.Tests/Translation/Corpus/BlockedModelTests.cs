using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Corpus signatures that need ops with neither an ONNX translation nor a host kernel: the translator names them all (what <c>sealserve inspect</c> shows).</summary>
public sealed class BlockedModelTests
{
    [Theory]
    [InlineData("tf/tensorflow__tfx__tft_tf2_transform/1/saved_model.pb", "serving_default", "HashTableV2, LookupTableFindV2, LookupTableSizeV2")]
    [InlineData("tf/tensorflow__tfx__estimator_taxi_serving/1646034756/saved_model.pb", "predict", "HashTableV2, LookupTableFindV2, LookupTableSizeV2")]
    public void FindUnsupportedOps_BlockedSignature_ListsTheMissingOps(string savedModel, string signature, string ops)
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph(savedModel), signature);

        var unsupported = GraphTranslator.FindUnsupportedOps(request.Graph, [.. request.Inputs.Select(i => i.TensorName)], request.Outputs);

        Assert.Equal(ops, string.Join(", ", unsupported.Select(u => u.OpType)));
        Assert.All(unsupported, u => Assert.False(string.IsNullOrEmpty(u.FirstNode)));
    }
}
