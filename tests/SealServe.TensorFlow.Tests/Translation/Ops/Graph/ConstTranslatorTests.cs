using Google.Protobuf;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Graph;

public sealed class ConstTranslatorTests
{
    [Fact]
    public void Translate_SingleValueForManyElements_RepeatsIt()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 2, 2);
        var splat = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtFloat, TensorShape = TfGraphBuilder.Shape(2, 2), FloatVal = { 1.5f } };
        graph.Add("Const", "c", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Float)), ("value", new AttrValue { Tensor = splat }));
        graph.OpT("Add", "y", DataType.Float, [x, "c"]);

        var y = TranslationHarness.RunOne(graph, [Feed("x:0", new[] { 1f, 2, 3, 4 }, 2, 2)], "y:0");

        Assert.Equal([2.5f, 3.5f, 4.5f, 5.5f], y.As<float>());
    }

    [Fact]
    public void Translate_StringConstantOutput_KeepsTheStrings()
    {
        var graph = new TfGraphBuilder();
        graph.Const("labels", TensorValue.FromStrings([2], [[.. "cat"u8], [.. "dog"u8]]));

        var labels = Run(TranslationHarness.Translate(graph, "labels:0"), [], "labels:0")["labels:0"];

        Assert.Equal(["cat", "dog"], labels.As<string>());
    }

    [Fact]
    public void Translate_TensorContent_ReadsRawBytes()
    {
        var graph = new TfGraphBuilder();
        var raw = new Tensorflow.TensorProto { Dtype = Tensorflow.DataType.DtInt64, TensorShape = TfGraphBuilder.Shape(2), TensorContent = ByteString.CopyFrom(BitConverter.GetBytes(7L).Concat(BitConverter.GetBytes(-8L)).ToArray()) };
        graph.Add("Const", "c", [], ("dtype", TfGraphBuilder.TypeAttr(DataType.Int64)), ("value", new AttrValue { Tensor = raw }));

        var c = Run(TranslationHarness.Translate(graph, "c:0"), [], "c:0")["c:0"];

        Assert.Equal([7L, -8L], c.As<long>());
    }
}
