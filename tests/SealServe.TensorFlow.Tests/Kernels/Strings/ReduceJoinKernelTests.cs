using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.reduce_join over a = [["a", "b"], ["c", "d"]]: the examples of TensorFlow's ReduceJoin documentation.</summary>
public sealed class ReduceJoinKernelTests
{
    [Theory]
    [InlineData(new[] { 0 }, false, "", new long[] { 2 }, new[] { "ac", "bd" })]
    [InlineData(new[] { 1 }, false, "", new long[] { 2 }, new[] { "ab", "cd" })]
    [InlineData(new[] { -2 }, false, "", new long[] { 2 }, new[] { "ac", "bd" })]
    [InlineData(new[] { -1 }, false, "", new long[] { 2 }, new[] { "ab", "cd" })]
    [InlineData(new[] { 0 }, true, "", new long[] { 1, 2 }, new[] { "ac", "bd" })]
    [InlineData(new[] { 1 }, true, "", new long[] { 2, 1 }, new[] { "ab", "cd" })]
    [InlineData(new[] { 0 }, false, ".", new long[] { 2 }, new[] { "a.c", "b.d" })]
    [InlineData(new[] { 0, 1 }, false, "", new long[0], new[] { "acbd" })]
    [InlineData(new[] { 1, 0 }, false, "", new long[0], new[] { "abcd" })]
    [InlineData(new int[0], false, "", new long[] { 2, 2 }, new[] { "a", "b", "c", "d" })]
    public void Compute_DocumentedExamples(int[] axes, bool keepDims, string separator, long[] shape, string[] expected)
    {
        var graph = new TfGraphBuilder();
        graph.Op("ReduceJoin", "y", [graph.Placeholder("x", DataType.String, 2, 2), graph.Const("axes", axes, axes.Length)],
            ("keep_dims", TfGraphBuilder.Bool(keepDims)), ("separator", TfGraphBuilder.Str(separator)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor([2, 2], "a", "b", "c", "d")))[0];

        Assert.Equal(new TensorShape(shape), y.Shape);
        Assert.Equal(expected, Text(y));
    }

    [Fact]
    public void Compute_AxesFedAtRunTime_AndOutOfRange_FailsWithTensorFlowsText()
    {
        var graph = new TfGraphBuilder();
        graph.Op("ReduceJoin", "y", [graph.Placeholder("x", DataType.String, -1), graph.Placeholder("axes", DataType.Int32, -1)]);

        var joined = Run(graph, "y", 1, ("x:0", StringTensor("x", "y")), ("axes:0", Tensor.FromValues(new TensorShape(1), 0)))[0];
        var error = Assert.Throws<ServingException>(() => Run(graph, "y", 1, ("x:0", StringTensor("x")), ("axes:0", Tensor.FromValues(new TensorShape(1), 1))));

        Assert.Equal(["xy"], Text(joined));
        Assert.Equal(Core.Errors.StatusCode.OutOfRange, error.Code);
        Assert.StartsWith("Invalid reduction dimension 1 for input with 1 dimension(s)", error.Message, StringComparison.Ordinal);
    }
}
