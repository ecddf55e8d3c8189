using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Graph;

public sealed class PlaceholderTranslatorTests
{
    [Fact]
    public void Translate_NeededButNotFed_FailsNamingThePlaceholder()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2);
        graph.Add("Placeholder", "keep_prob", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)));
        graph.OpT("Mul", "y", DataType.Float, [x, "keep_prob"]);

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Translate(new TranslationRequest(graph.Graph, graph.Inputs, ["y:0"], new ZeroVariables(), "dropout")));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Contains("'dropout'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'keep_prob' (Placeholder)", error.Message, StringComparison.Ordinal);
    }
}
