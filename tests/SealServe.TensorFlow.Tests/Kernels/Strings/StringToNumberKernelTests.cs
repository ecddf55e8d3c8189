using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.to_number: the accepted and refused forms of TensorFlow's own op tests.</summary>
public sealed class StringToNumberKernelTests
{
    private const string ErrorMessage = "StringToNumberOp could not correctly convert string: ";

    [Fact]
    public void Compute_Floats_AcceptTensorFlowsForms()
    {
        var y = Convert(DataType.Float, "0", "3", "-1", "1.12", "0xF", "   -10.5", "3.40282e+38", "3.40283e+38", "-3.40283e+38", "NAN", "INF");

        Assert.Equal([0f, 3f, -1f, 1.12f, 15f, -10.5f, 3.40282e+38f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, float.PositiveInfinity], y.AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_Doubles_KeepWhatFloatsCannot()
    {
        var y = Convert(DataType.Double, "3.40283e+38", "1.12");

        Assert.Equal([3.40283e+38, 1.12], y.AsSpan<double>().ToArray());
    }

    [Fact]
    public void Compute_Integers_InTheirRange()
    {
        var int32 = Convert(DataType.Int32, "0", "    -10", "-2147483648", "2147483647");
        var int64 = Convert(DataType.Int64, "-2147483649", "2147483648");

        Assert.Equal([0, -10, int.MinValue, int.MaxValue], int32.AsSpan<int>().ToArray());
        Assert.Equal([-2147483649L, 2147483648L], int64.AsSpan<long>().ToArray());
    }

    [Theory]
    [InlineData(DataType.Float, "10foobar")]
    [InlineData(DataType.Int32, "2147483648")]
    [InlineData(DataType.Int32, "-2147483649")]
    [InlineData(DataType.Int32, "2.9")]
    [InlineData(DataType.Int64, "2.9")]
    public void Compute_BadStrings_FailWithTensorFlowsText(DataType type, string input)
    {
        var error = Assert.Throws<ServingException>(() => Convert(type, input));

        Assert.StartsWith(ErrorMessage + input, error.Message, StringComparison.Ordinal);
    }

    private static Tensor Convert(DataType type, params string[] values)
    {
        var graph = new TfGraphBuilder();
        graph.Op("StringToNumber", "y", [graph.Placeholder("x", DataType.String, -1)], ("out_type", TfGraphBuilder.TypeAttr(type)));
        return Run(graph, "y", 1, ("x:0", StringTensor(values)))[0];
    }
}
