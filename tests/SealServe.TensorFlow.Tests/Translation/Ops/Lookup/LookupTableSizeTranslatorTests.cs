using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using CoreTensor = SealServe.Core.Tensors.Tensor;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Lookup;

public sealed class LookupTableSizeTranslatorTests
{
    [Fact]
    public void Translate_Size_IsTheNumberOfEntriesAsAConstant()
    {
        var graph = LookupGraph.Find(DataType.String, DataType.Int64, TensorValue.Scalar(-1L));
        graph.Op("LookupTableSizeV2", "size", ["table:0"]);
        var contents = new LookupTableContents(LookupGraph.Strings("a", "b", "c"), CoreTensor.FromValues(new TensorShape(3), 0L, 1L, 2L));

        var model = LookupGraph.Translate(graph, contents, "size:0");
        var size = OnnxRun.Run(model, [Feed("keys:0", new[] { "a" }, 1)], "size:0")["size:0"];

        Assert.Equal([3L], size.As<long>());
        Assert.Equal(["keys:0"], model.Graph.Input.Select(i => i.Name));
    }
}
