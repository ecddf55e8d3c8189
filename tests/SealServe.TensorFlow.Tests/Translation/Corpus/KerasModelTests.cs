using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Keras SavedModels (TF2: functions, VarHandleOp, While loops) with made-up weights, against the layers computed in the test.</summary>
public sealed class KerasModelTests
{
    [Fact]
    public void Translate_SimpleDenseModel_MatchesFlattenDenseReluDenseSoftmax()
    {
        var variables = new SeededVariables();
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/SciSharp__TensorFlow.NET__keras_simple_auto_compile/1/saved_model.pb"), "serving_default", variables);
        var x = Enumerable.Range(0, 2 * 784).Select(i => (i % 13) / 13f).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("serving_default_input_1:0", x, 2, 28, 28, 1)], "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        var hidden = ReferenceLayers.Dense(x, 2, variables.Values("dense/kernel", 78400), variables.Values("dense/bias", 100), ReferenceLayers.Relu);
        var expected = ReferenceLayers.Softmax(ReferenceLayers.Dense(hidden, 2, variables.Values("dense_1/kernel", 1000), variables.Values("dense_1/bias", 10)), 2);
        Assert.Equal([2, 10], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Fact]
    public void Translate_LstmSequential_MatchesAKerasLstmThenDenseSigmoid()
    {
        var variables = new SeededVariables();
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/SciSharp__TensorFlow.NET__keras_lstm_sequential/1/saved_model.pb"), "serving_default", variables);
        var x = Enumerable.Range(0, 2 * 5 * 3).Select(i => ((i % 7) - 3) / 3f).ToArray();

        var model = GraphTranslator.Translate(request);
        var y = Run(model, [Feed("serving_default_input_1:0", x, 2, 5, 3)], "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        Assert.Single(model.Graph.Node, n => n.OpType == "LSTM");
        Assert.DoesNotContain(model.Graph.Node, n => n.OpType == "Loop");
        var h = ReferenceLayers.Lstm(x, 2, 5, variables.Values("lstm/lstm_cell/kernel", 384), variables.Values("lstm/lstm_cell/recurrent_kernel", 4096), variables.Values("lstm/lstm_cell/bias", 128));
        var expected = ReferenceLayers.Dense(h, 2, variables.Values("dense/kernel", 32), variables.Values("dense/bias", 1), ReferenceLayers.Sigmoid);
        Assert.Equal([2, 1], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }

    [Fact]
    public void Translate_LstmThreeDenseLayers_MatchesTheStack()
    {
        var variables = new SeededVariables();
        var request = CorpusGraphs.Request(CorpusGraphs.MetaGraph("tf/iteam1__predict-series-data-with-RNN__keras_lstm/1/saved_model.pb"), "serving_default", variables);
        var x = Enumerable.Range(0, 3 * 5).Select(i => i / 15f).ToArray();

        var y = Run(GraphTranslator.Translate(request), [Feed("serving_default_input_6:0", x, 3, 5, 1)], "StatefulPartitionedCall:0")["StatefulPartitionedCall:0"];

        var h = ReferenceLayers.Lstm(x, 3, 5, variables.Values("lstm_5/lstm_cell_5/kernel", 256), variables.Values("lstm_5/lstm_cell_5/recurrent_kernel", 64 * 256), variables.Values("lstm_5/lstm_cell_5/bias", 256));
        var d15 = ReferenceLayers.Dense(h, 3, variables.Values("dense_15/kernel", 64 * 32), variables.Values("dense_15/bias", 32), ReferenceLayers.Relu);
        var d16 = ReferenceLayers.Dense(d15, 3, variables.Values("dense_16/kernel", 32 * 32), variables.Values("dense_16/bias", 32), ReferenceLayers.Relu);
        var expected = ReferenceLayers.Dense(d16, 3, variables.Values("dense_17/kernel", 32), variables.Values("dense_17/bias", 1));
        Assert.Equal([3, 1], y.Shape);
        TranslationHarness.Close(expected, y, 1e-4f);
    }
}
