using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.lower / upper: ASCII letters only without an encoding, every letter with 'utf-8'.</summary>
public sealed class StringCaseKernelTests
{
    [Theory]
    [InlineData("StringLower", "", "caMEL Ünïcode 42", "camel Ünïcode 42")]
    [InlineData("StringUpper", "", "caMEL ünïcode 42", "CAMEL üNïCODE 42")]
    [InlineData("StringLower", "utf-8", "ÇA VA, ÜNÏCODE", "ça va, ünïcode")]
    [InlineData("StringUpper", "utf-8", "ça va, ünïcode", "ÇA VA, ÜNÏCODE")]
    public void Compute_ChangesTheCaseOfLetters(string op, string encoding, string input, string expected)
    {
        var graph = new TfGraphBuilder();
        graph.Op(op, "y", [graph.Placeholder("x", DataType.String, 2)], ("encoding", TfGraphBuilder.Str(encoding)));

        var y = Run(graph, "y", 1, ("x:0", StringTensor(input, "")))[0];

        Assert.Equal([expected, ""], Text(y));
        Assert.Equal(new TensorShape(2), y.Shape);
    }

    [Fact]
    public void Plan_UnknownEncoding_FailsNamingTheNode()
    {
        var graph = new TfGraphBuilder();
        graph.Op("StringLower", "y", [graph.Placeholder("x", DataType.String, 2)], ("encoding", TfGraphBuilder.Str("latin-1")));

        var error = Assert.Throws<Core.Errors.ServingException>(() => Run(graph, "y", 1));

        Assert.Contains("Cannot run node 'y' (StringLower): encoding 'latin-1' is not supported", error.Message, StringComparison.Ordinal);
    }
}
