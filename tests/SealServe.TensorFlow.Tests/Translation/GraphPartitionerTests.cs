using Google.Protobuf;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.Tests.Kernels.Parsing;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Kernels.Parsing.ParseExampleGraph;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>Graphs with host-kernel ops anywhere, planned into ONNX and kernel stages and run stage by stage.</summary>
public sealed class GraphPartitionerTests
{
    [Fact]
    public void Plan_KernelBetweenOnnxParts_RunsOnnxKernelOnnxWithValuesCrossingStages()
    {
        // x → Neg → a (ONNX); serialized → Reshape → ParseExampleV2 (kernel) → f; y = f + a reads both the kernel and the first ONNX stage.
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.Float, -1, 1);
        var serialized = graph.Placeholder("serialized", DataType.String, -1);
        var a = graph.OpT("Neg", "a", DataType.Float, [x]);
        var reshaped = graph.OpT("Reshape", "reshaped", DataType.String, [serialized, graph.Const("flat", [-1L], 1)]);
        new ParseExampleGraph().Dense("f", DataType.Float, [1], TensorValue.Vector(0f)).AddTo(graph, reshaped, "parse");
        graph.OpT("AddV2", "y", DataType.Float, ["parse:0", a]);

        var plan = GraphTranslator.Plan(new TranslationRequest(graph.Graph, graph.Inputs, ["y:0"], new ZeroVariables(), "mixed"));
        var y = PlanRun.Run(plan, ("x:0", Tensor.FromValues(new TensorShape(2, 1), 1f, 2f)), ("serialized:0", Tensor.CreateStrings(new TensorShape(2), [Example(("f", Floats(10))).ToByteArray(), Example().ToByteArray()])))["y:0"];

        Assert.Equal(
            ["onnx serialized:0,x:0 → a:0,reshaped:0", "parse reshaped:0 → parse:0", "onnx a:0,parse:0 → y:0"],
            plan.Stages.Select(s => $"{(s as KernelStage)?.NodeName ?? "onnx"} {string.Join(",", Order(s.Inputs))} → {string.Join(",", Order(s.Outputs))}"));
        Assert.Equal([9f, -2f], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Plan_ConstantsUsedOnBothSides_AreTranslatedIntoEachStageNotPassed()
    {
        var graph = new TfGraphBuilder();
        var serialized = graph.Placeholder("serialized", DataType.String, -1);
        var two = graph.Scalar("two", 2f);
        new ParseExampleGraph().Dense("f", DataType.Float, [1], TensorValue.Vector(0f)).AddTo(graph, serialized, "parse");
        graph.OpT("Mul", "y", DataType.Float, ["parse:0", two]);

        var plan = GraphTranslator.Plan(new TranslationRequest(graph.Graph, graph.Inputs, ["y:0", "two:0"], new ZeroVariables(), "constants"));
        var outputs = PlanRun.Run(plan, ("serialized:0", Tensor.CreateStrings(new TensorShape(1), [Example(("f", Floats(4))).ToByteArray()])));

        var onnx = Assert.IsType<OnnxStage>(plan.Stages[^1]);
        Assert.Equal(["parse:0"], onnx.Inputs);
        Assert.Equal([8f], outputs["y:0"].AsSpan<float>().ToArray());
        Assert.Equal([2f], outputs["two:0"].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Plan_OnlyAKernel_IsOneKernelStageAndNotOneOnnxModel()
    {
        var graph = new TfGraphBuilder();
        var serialized = graph.Placeholder("serialized", DataType.String, -1);
        new ParseExampleGraph().Dense("f", DataType.Float, [1], TensorValue.Vector(0f)).AddTo(graph, serialized, "parse");
        var request = new TranslationRequest(graph.Graph, graph.Inputs, ["parse:0"], new ZeroVariables(), "kernel");

        var plan = GraphTranslator.Plan(request);
        var error = Assert.Throws<Core.Errors.ServingException>(() => GraphTranslator.Translate(request));

        Assert.IsType<KernelStage>(Assert.Single(plan.Stages));
        Assert.False(plan.IsPureOnnx);
        Assert.Contains("ParseExampleV2 (first node 'parse')", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_KernelInputComputedAtRunTimeWhereAConstantIsNeeded_FailsNamingTheNode()
    {
        var graph = new TfGraphBuilder();
        var serialized = graph.Placeholder("serialized", DataType.String, -1);
        var keys = graph.Placeholder("keys", DataType.String, -1);
        graph.Op("ParseExampleV2", "parse", [serialized, graph.Const("names", TensorValue.FromStrings([0], [])), keys, keys, keys], ("num_sparse", TfGraphBuilder.Int(0)));

        var error = Assert.Throws<Core.Errors.ServingException>(() => GraphTranslator.Plan(new TranslationRequest(graph.Graph, graph.Inputs, ["parse:0"], new ZeroVariables(), "keys")));

        Assert.Contains("Cannot run node 'parse' (ParseExampleV2): its sparse_keys (input 2, 'keys:0') must be a constant", error.Message, StringComparison.Ordinal);
    }

    private static string[] Order(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];
}
