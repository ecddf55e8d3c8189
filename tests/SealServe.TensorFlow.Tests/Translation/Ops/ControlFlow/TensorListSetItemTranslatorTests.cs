using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>Writes inside loops are covered by <see cref="WhileTranslatorTests"/>.</summary>
public sealed class TensorListSetItemTranslatorTests
{
    [Fact]
    public void Translate_SetItemOutsideALoop_FailsNamingTheNode()
    {
        var graph = TensorListFixture.Reserved();
        var written = graph.Op("TensorListSetItem", "write", ["list:0", graph.Scalar("index", 0), "x:0"], ("element_dtype", TypeAttr(DataType.Float)));
        TensorListFixture.Stack(graph, written);

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "stack:0"));

        Assert.Contains("'write' (TensorListSetItem)", error.Message, StringComparison.Ordinal);
    }
}
