using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

/// <summary>A reserved list becomes a Loop scan output (see <see cref="WhileTranslatorTests"/>); read before any loop writes it, it is an error.</summary>
public sealed class TensorListReserveTranslatorTests
{
    [Fact]
    public void Translate_GetItemOfAnUnwrittenReservedList_FailsNamingTheReader()
    {
        var graph = TensorListFixture.Reserved();
        graph.Op("TensorListGetItem", "item", ["list:0", graph.Scalar("index", 0), TensorListFixture.ElementShape], ("element_dtype", TypeAttr(DataType.Float)));

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "item:0"));

        Assert.Contains("'item' (TensorListGetItem)", error.Message, StringComparison.Ordinal);
    }
}
