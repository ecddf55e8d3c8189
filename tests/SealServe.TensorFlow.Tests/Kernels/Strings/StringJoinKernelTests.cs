using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.join: element-wise, scalars repeated.</summary>
public sealed class StringJoinKernelTests
{
    [Fact]
    public void Compute_VectorsAndAScalar_JoinsElementWise()
    {
        var graph = new TfGraphBuilder();
        graph.Op("StringJoin", "y", [graph.Placeholder("a", DataType.String, -1), graph.Const("s", StringConstant("-")), graph.Placeholder("b", DataType.String, -1)],
            ("N", TfGraphBuilder.Int(3)), ("separator", TfGraphBuilder.Str("|")));

        var y = Run(graph, "y", 1, ("a:0", StringTensor("abc", "x")), ("b:0", StringTensor("def", "")))[0];

        Assert.Equal(["abc|-|def", "x|-|"], Text(y));
    }

    [Fact]
    public void Compute_DifferentShapes_FailsWithTensorFlowsText()
    {
        var graph = new TfGraphBuilder();
        graph.Op("StringJoin", "y", [graph.Placeholder("a", DataType.String, -1), graph.Placeholder("b", DataType.String, -1)], ("N", TfGraphBuilder.Int(2)));

        var error = Assert.Throws<ServingException>(() => Run(graph, "y", 1, ("a:0", StringTensor("a", "b")), ("b:0", StringTensor("c"))));

        Assert.StartsWith("Input shapes do not match: [2] vs. [1]", error.Message, StringComparison.Ordinal);
    }
}
