using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;

namespace SealServe.TensorFlow.Tests.Translation;

public sealed class GraphTranslatorTests
{
    [Fact]
    public void Translate_UnsupportedOps_ListsEveryTypeWithCountAndFirstNode()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.String, -1);
        var a = graph.Op("DecodeJpeg", "decode_a", [x]);
        var b = graph.Op("DecodeJpeg", "decode_b", [x]);
        var c = graph.Op("DecodePng", "png", [a, b]);
        graph.Op("Identity", "y", [graph.Op("DecodeGif", "gif", [c])]);

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Translate(new TranslationRequest(graph.Graph, graph.Inputs, ["y:0"], new ZeroVariables(), "strings")));

        Assert.Equal(StatusCode.Unimplemented, error.Code);
        Assert.Equal(
            "Model 'strings': TensorFlow ops that SealServe can neither translate to ONNX nor run as host kernels: DecodeGif ×1 (first node 'gif'), DecodeJpeg ×2 (first node 'decode_a'), DecodePng ×1 (first node 'png').",
            error.Message);
    }

    [Fact]
    public void FindUnsupportedOps_CutBeforeTheUnsupportedOps_ReportsNone()
    {
        var graph = new TfGraphBuilder();
        graph.Placeholder("text", DataType.String, -1);
        graph.Op("DecodeJpeg", "decode", ["text:0"]);
        graph.Op("Identity", "x", ["decode:0"]);
        graph.OpT("Neg", "y", DataType.String, ["x:0"]);

        var cut = GraphTranslator.FindUnsupportedOps(graph.Graph, ["x:0"], ["y:0"]);
        var uncut = GraphTranslator.FindUnsupportedOps(graph.Graph, ["text:0"], ["y:0"]);

        Assert.Empty(cut);
        Assert.Equal([new UnsupportedOp("DecodeJpeg", 1, "decode")], uncut);
    }

    [Fact]
    public void Translate_InputIsAnIdentityNode_CutsTheGraphThere()
    {
        var graph = new TfGraphBuilder();
        graph.Placeholder("examples", DataType.String, -1);
        graph.Op("ParseExample", "parse", ["examples:0"]);
        graph.Op("Identity", "x", ["parse:0"]);
        graph.OpT("Neg", "y", DataType.Float, ["x:0"]);
        var request = new TranslationRequest(graph.Graph, [new GraphInput("x:0", DataType.Float, null)], ["y:0"], new ZeroVariables(), "cut");

        var model = GraphTranslator.Translate(request);
        var y = Run(model, [Feed("x:0", new[] { 1f }, 1)], "y:0")["y:0"];

        Assert.Equal(["x:0"], model.Graph.Input.Select(i => i.Name));
        Assert.Equal([-1f], y.As<float>());
    }

    [Fact]
    public void Translate_UnneededBranches_ArePruned()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.OpT("Neg", "y", DataType.Float, [x]);
        graph.OpT("Exp", "unused", DataType.Float, [x]);
        graph.Op("SaveV2", "save", [x]);

        var model = TranslationHarness.Translate(graph, "y:0");

        Assert.Equal(["Neg"], model.Graph.Node.Select(n => n.OpType));
    }

    [Fact]
    public void Translate_OutputWithoutIndex_KeepsTheRequestedName()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Neg", "y", DataType.Float, [graph.Placeholder("x", DataType.Float, 1)]);

        var model = TranslationHarness.Translate(graph, "y");
        var y = Run(model, [Feed("x:0", new[] { 2f }, 1)], "y")["y"];

        Assert.Equal(["y"], model.Graph.Output.Select(o => o.Name));
        Assert.Equal([-2f], y.As<float>());
    }

    [Fact]
    public void Translate_SameTensorTwiceInInputsAndOutputs_OneGraphInputAndOutput()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Neg", "y", DataType.Float, [graph.Placeholder("x", DataType.Float, 1)]);
        GraphInput[] inputs = [new("x:0", DataType.Float, null), new("x:0", DataType.Float, null)];

        var model = GraphTranslator.Translate(new TranslationRequest(graph.Graph, inputs, ["y:0", "y:0"], new ZeroVariables(), "twice"));

        Assert.Single(model.Graph.Input);
        Assert.Single(model.Graph.Output);
    }

    [Fact]
    public void Translate_OutputNamingNoNode_FailsNamingTheTensor()
    {
        var graph = new TfGraphBuilder();
        graph.Placeholder("x", DataType.Float, 1);

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "missing:0"));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Contains("'missing:0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_InputNamingNoNode_FailsNamingTheTensor()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Neg", "y", DataType.Float, [graph.Placeholder("x", DataType.Float, 1)]);
        var request = new TranslationRequest(graph.Graph, [new GraphInput("nothing:0", DataType.Float, null)], ["y:0"], new ZeroVariables(), "bad");

        var error = Assert.Throws<ServingException>(() => GraphTranslator.Translate(request));

        Assert.Contains("'nothing:0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_AnyModel_TargetsTheOneOpsetAndIrVersion()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Neg", "y", DataType.Float, [graph.Placeholder("x", DataType.Float, 1)]);

        var model = TranslationHarness.Translate(graph, "y:0");

        var opset = Assert.Single(model.OpsetImport);
        Assert.Equal((string.Empty, 18L, 8L), (opset.Domain, opset.Version, model.IrVersion));
    }

    [Fact]
    public void Translate_CycleInTheGraph_FailsNamingANodeOnIt()
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, 1);
        graph.OpT("Add", "a", DataType.Float, [x, "b:0"]);
        graph.OpT("Neg", "b", DataType.Float, ["a:0"]);

        var error = Assert.Throws<ServingException>(() => TranslationHarness.Translate(graph, "b:0"));

        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SupportedOps_PriorityList_AllTranslatable()
    {
        string[] priority =
        [
            "Placeholder", "Const", "Identity", "IdentityN", "NoOp", "MatMul", "BatchMatMulV2", "Mul", "Add", "AddV2", "Sub", "RealDiv", "BiasAdd",
            "Relu", "Relu6", "Elu", "Selu", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Reshape", "Shape", "StridedSlice", "Slice", "Cast",
            "ConcatV2", "Pack", "Unpack", "Fill", "ExpandDims", "Squeeze", "Transpose", "Split", "SplitV", "Mean", "Sum", "Max", "Min", "Prod",
            "ArgMax", "ArgMin", "Less", "Greater", "Equal", "Select", "SelectV2", "Conv2D", "DepthwiseConv2dNative", "MaxPool", "AvgPool",
            "FusedBatchNormV3", "Rsqrt", "Sqrt", "Square", "SquaredDifference", "Pow", "Exp", "Log", "Neg", "Abs", "Maximum", "Minimum", "GatherV2",
            "ResourceGather", "OneHot", "Pad", "PadV2", "Tile", "Range", "ZerosLike", "OnesLike", "TopKV2", "StopGradient", "Erf",
            "VariableV2", "VarHandleOp", "ReadVariableOp", "StatefulPartitionedCall", "PartitionedCall", "StatelessWhile", "While",
        ];

        Assert.Empty(priority.Except(GraphTranslator.SupportedOps.Concat(["StatefulPartitionedCall", "PartitionedCall"])));
    }
}
