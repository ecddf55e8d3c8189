using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>TF2 SavedModels without reference outputs: they translate and produce outputs of the signature's shapes.</summary>
public sealed class Tf2ModelTests
{
    [Fact]
    public void Translate_LeakTestModelConv1D_ThreeOutputsOf192()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/SciSharp__TensorFlow.NET__leak_testmodel/1/saved_model.pb"), "inference", new SeededVariables());
        var x = Enumerable.Range(0, 2 * 4 * 96).Select(i => (i % 9) / 9f).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("inference_input:0", x, 2, 4, 96)], "StatefulPartitionedCall:0", "StatefulPartitionedCall:1", "StatefulPartitionedCall:2");

        Assert.All(y.Values, output => Assert.Equal([2, 192], output.Shape));
    }

    [Fact]
    public void Translate_TextClassifierGraphOnly_EmbeddingMeanDenseSigmoid()
    {
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/KaissonFerreira__text_classifier__embedding_GRAPHONLY/1/saved_model.pb"), "serving_default", new SeededVariables());
        var ids = Enumerable.Range(0, 2 * 3000).Select(i => (float)(i % 100)).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("serving_default_embedding_1_input:0", ids, 2, 3000)], "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        Assert.Equal([2, 1], y.Shape);
        Assert.All(y.As<float>(), v => Assert.InRange(v, 0f, 1f));
    }
}
