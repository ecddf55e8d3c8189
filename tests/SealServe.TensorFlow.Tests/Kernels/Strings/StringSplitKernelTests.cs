using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.compat.v1.string_split (StringSplit) and tf.strings.split (StringSplitV2), as their documentation states.</summary>
public sealed class StringSplitKernelTests
{
    [Fact]
    public void StringSplit_AnyDelimiterByte_SkipsEmptyTokensBuildingASparseMatrix()
    {
        // The documented example: ['hello world', 'a b c'] split on ' '.
        var (indices, values, shape) = Split("StringSplit", StringTensor("hello world", "a b c"), " ");

        Assert.Equal([0L, 0, 0, 1, 1, 0, 1, 1, 1, 2], indices.AsSpan<long>().ToArray());
        Assert.Equal(["hello", "world", "a", "b", "c"], Text(values));
        Assert.Equal([2L, 3], shape.AsSpan<long>().ToArray());
    }

    [Fact]
    public void StringSplit_SeveralDelimiterBytesAndEmptyTokensKept_SplitsAtEachByte()
    {
        var (indices, values, shape) = Split("StringSplit", StringTensor("a,b;;c", ""), ",;", ("skip_empty", TfGraphBuilder.Bool(false)));

        Assert.Equal(["a", "b", "", "c"], Text(values));
        Assert.Equal([0L, 0, 0, 1, 0, 2, 0, 3], indices.AsSpan<long>().ToArray());
        Assert.Equal([2L, 4], shape.AsSpan<long>().ToArray());
    }

    [Fact]
    public void StringSplit_EmptyDelimiter_SplitsIntoBytes()
    {
        var (_, values, _) = Split("StringSplit", StringTensor("abc"), "");

        Assert.Equal(["a", "b", "c"], Text(values));
    }

    [Fact]
    public void StringSplit_NotAVector_FailsWithTensorFlowsText()
    {
        var error = Assert.Throws<ServingException>(() => Split("StringSplit", StringTensor([1, 1], "a b"), " ", inputShape: [-1, -1]));

        Assert.StartsWith("input must be a vector, got shape: [1,1]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1<>2<>3", "<>", -1, new[] { "1", "2", "3" })]
    [InlineData("1,,2", ",", -1, new[] { "1", "", "2" })]
    [InlineData("", ",", -1, new[] { "" })]
    [InlineData("  hello   big world ", "", -1, new[] { "hello", "big", "world" })]
    [InlineData("   ", "", -1, new string[0])]
    [InlineData("a,b,c", ",", 1, new[] { "a", "b,c" })]
    [InlineData("a b  c", "", 1, new[] { "a", "b  c" })]
    [InlineData("a,b", ",", 0, new[] { "a,b" })]
    public void StringSplitV2_PythonStrSplitSemantics(string input, string separator, int maxSplit, string[] expected)
    {
        var (_, values, shape) = Split("StringSplitV2", StringTensor(input), separator, ("maxsplit", TfGraphBuilder.Int(maxSplit)));

        Assert.Equal(expected, Text(values));
        Assert.Equal([1L, expected.Length], shape.AsSpan<long>().ToArray());
    }

    private static (Tensor Indices, Tensor Values, Tensor Shape) Split(string op, Tensor input, string delimiter, (string, Tensorflow.AttrValue)? attribute = null, long[]? inputShape = null)
    {
        var graph = new TfGraphBuilder();
        var x = graph.Placeholder("x", DataType.String, inputShape ?? [-1]);
        var d = graph.Placeholder("d", DataType.String, []);
        graph.Op(op, "split", [x, d], attribute is { } a ? [a] : []);
        var outputs = Run(graph, "split", 3, ("x:0", input), ("d:0", Scalar(delimiter)));
        return (outputs[0], outputs[1], outputs[2]);
    }
}
