using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation.Ops.ControlFlow;

public sealed class TensorListLengthTranslatorTests
{
    [Fact]
    public void Translate_LengthOfAListFromATensor_IsItsFirstDimension()
    {
        var graph = TensorListFixture.FromTensor();
        graph.Op("TensorListLength", "length", ["list:0"]);

        var length = TranslationHarness.RunOne(graph, [Feed("x:0", TensorListFixture.X, 3, 2)], "length:0");

        Assert.Equal([3], length.As<int>());
    }

    [Fact]
    public void Translate_LengthOfAReservedList_IsTheReservedLength()
    {
        var graph = TensorListFixture.Reserved();
        graph.Op("TensorListLength", "length", ["list:0"]);

        var length = OnnxRun.Run(TranslationHarness.Translate(graph, "length:0"), [], "length:0")["length:0"];

        Assert.Equal([1], length.As<int>());
    }
}
