using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.substr and tf.strings.length, with the examples of their documentation.</summary>
public sealed class SubstrKernelTests
{
    [Fact]
    public void Substr_ScalarPosAndLen_AppliesToEveryString()
    {
        // Documented: input [b'Hello', b'World'], position 1, length 3 → [b'ell', b'orl'].
        Assert.Equal(["ell", "orl"], Text(Substr(StringTensor("Hello", "World"), Scalar(1), Scalar(3))));
    }

    [Fact]
    public void Substr_PosAndLenOfTheInputsShape_ApplyElementWise()
    {
        // Documented: [[b'ten', b'eleven', b'twelve'], ...] with position [[1, 2, 3], ...] and length [[2, 3, 4], ...].
        var input = StringTensor([2, 3], "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen");
        var position = Tensor.FromValues(new TensorShape(2, 3), 1, 2, 3, 1, 2, 3);
        var length = Tensor.FromValues(new TensorShape(2, 3), 2, 3, 4, 2, 3, 4);

        Assert.Equal(["en", "eve", "lve", "hi", "urt", "teen"], Text(Substr(input, position, length, [-1, -1])));
    }

    [Fact]
    public void Substr_PosAndLenBroadcast_AgainstTheInput()
    {
        // Documented: position [1, 2, 3], length [2, 3, 4] broadcast over the rows.
        var input = StringTensor([2, 3], "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen");

        var y = Substr(input, Tensor.FromValues(new TensorShape(3), 1, 2, 3), Tensor.FromValues(new TensorShape(3), 2, 3, 4), [-1, -1]);

        Assert.Equal(["en", "eve", "lve", "hi", "urt", "teen"], Text(y));
    }

    [Theory]
    [InlineData("Hello", -3, 2, "BYTE", "ll")]
    [InlineData("Hello", 2, -1, "BYTE", "llo")]
    [InlineData("Hello", 5, 3, "BYTE", "")]
    [InlineData("héllo wörld", 1, 4, "UTF8_CHAR", "éllo")]
    [InlineData("héllo wörld", -5, 2, "UTF8_CHAR", "wö")]
    [InlineData("héllo", 1, -1, "UTF8_CHAR", "")]
    public void Substr_NegativePositionsAndCharacters(string input, int pos, int len, string unit, string expected)
    {
        Assert.Equal([expected], Text(Substr(StringTensor(input), Scalar(pos), Scalar(len), unit: unit)));
    }

    [Theory]
    [InlineData("BYTE", "pos 6 out of range for string b'Hello' at index 0")]
    [InlineData("UTF8_CHAR", "pos 6 out of range for string at index 0")]
    public void Substr_PositionPastTheEnd_FailsWithTensorFlowsText(string unit, string message)
    {
        var error = Assert.Throws<ServingException>(() => Substr(StringTensor("Hello"), Scalar(6), Scalar(1), unit: unit));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BYTE", new[] { 5, 5, 0 })]
    [InlineData("UTF8_CHAR", new[] { 5, 3, 0 })]
    public void StringLength_InBytesOrCharacters(string unit, int[] expected)
    {
        // "héé" is 5 bytes (é is 2) and 3 characters.
        var graph = new TfGraphBuilder();
        graph.Op("StringLength", "y", [graph.Placeholder("x", DataType.String, -1)], ("unit", TfGraphBuilder.Str(unit)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor("Hello", "héé", "")))[0];

        Assert.Equal(expected, y.AsSpan<int>().ToArray());
    }

    private static Tensor Scalar(int value) => Tensor.FromValues(TensorShape.Scalar, value);

    private static Tensor Substr(Tensor input, Tensor position, Tensor length, long[]? shape = null, string unit = "BYTE")
    {
        var graph = new TfGraphBuilder();
        graph.OpT("Substr", "y", DataType.Int32, [graph.Placeholder("x", DataType.String, shape ?? [-1]), graph.Placeholder("p", DataType.Int32, null), graph.Placeholder("l", DataType.Int32, null)], ("unit", TfGraphBuilder.Str(unit)));
        return Run(graph, "y", 1, ("x:0", input), ("p:0", position), ("l:0", length))[0];
    }
}
