using SealServe.Core.Tensors;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using static SealServe.TensorFlow.Tests.Translation.TfGraphBuilder;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

public sealed class TensorListGetItemTranslatorTests
{
    [Fact]
    public void Translate_GetItem_IsThatRowOfTheTensor()
    {
        var graph = TensorListFixture.FromTensor();
        graph.Op("TensorListGetItem", "item", ["list:0", graph.Scalar("index", 2), TensorListFixture.ElementShape], ("element_dtype", TypeAttr(DataType.Float)));

        var item = TranslationHarness.RunOne(graph, [Feed("x:0", TensorListFixture.X, 3, 2)], "item:0");

        Assert.Equal([5f, 6], item.As<float>());
    }
}
