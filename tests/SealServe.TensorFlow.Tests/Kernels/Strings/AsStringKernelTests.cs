using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using Tensorflow;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Kernels.Strings;

/// <summary>tf.strings.as_string: C printf's output for the format its attributes build (values worked out from C's rules).</summary>
public sealed class AsStringKernelTests
{
    [Theory]
    [InlineData(3.14159, -1, false, false, -1, "", "3.141590")]
    [InlineData(3.14159, 2, false, false, -1, "", "3.14")]
    [InlineData(0.125, 2, false, false, -1, "", "0.12")]
    [InlineData(2.5, 0, false, false, -1, "", "2")]
    [InlineData(-1234.5678, 3, true, false, -1, "", "-1.235e+03")]
    [InlineData(0.0001234, -1, true, false, -1, "", "1.234000e-04")]
    [InlineData(100000.0, -1, false, true, -1, "", "100000")]
    [InlineData(1000000.0, -1, false, true, -1, "", "1e+06")]
    [InlineData(0.0001, -1, false, true, -1, "", "0.0001")]
    [InlineData(0.00001, -1, false, true, -1, "", "1e-05")]
    [InlineData(1.5, -1, false, true, 8, "0", "000001.5")]
    [InlineData(-1.5, 1, false, false, 7, "0", "-0001.5")]
    [InlineData(1.5, 1, false, false, 6, "-", "1.5   ")]
    [InlineData(1.5, 1, false, false, -1, "+", "+1.5")]
    [InlineData(1.5, 1, false, false, 6, "", "   1.5")]
    public void Compute_Reals_PrintAsCsPrintf(double value, int precision, bool scientific, bool shortest, int width, string fill, string expected)
    {
        var y = AsString(DataType.Double, Tensor.FromValues(new TensorShape(1), value), precision, scientific, shortest, width, fill);

        Assert.Equal([expected], Text(y));
    }

    [Fact]
    public void Compute_FloatsIntegersAndBooleans()
    {
        var floats = AsString(DataType.Float, Tensor.FromValues(new TensorShape(3), 0.1f, float.PositiveInfinity, BitConverter.Int32BitsToSingle(0x7FC00000)));
        var longs = AsString(DataType.Int64, Tensor.FromValues(new TensorShape(2), long.MinValue, 42L), width: 4, fill: "0");
        var bools = AsString(DataType.Bool, Tensor.FromValues(new TensorShape(2), true, false));

        // 0.1f is 0.100000001490116...: six decimals show 0.100000; C prints a NaN without its sign bit as "nan".
        Assert.Equal(["0.100000", "inf", "nan"], Text(floats));
        Assert.Equal(["-9223372036854775808", "0042"], Text(longs));
        Assert.Equal(["true", "false"], Text(bools));
    }

    [Theory]
    [InlineData(DataType.Int32, 2, false, "", "precision not supported for datatype int32")]
    [InlineData(DataType.Int32, -1, true, "", "scientific and shortest format not supported for datatype int32")]
    [InlineData(DataType.Float, -1, false, "x", "Fill argument not supported: \"x\"")]
    public void Plan_BadAttributes_FailWithTensorFlowsText(DataType type, int precision, bool scientific, string fill, string message)
    {
        var error = Assert.Throws<ServingException>(() => AsString(type, Tensor.FromValues(new TensorShape(1), 1), precision, scientific, fill: fill));

        Assert.EndsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static Tensor AsString(DataType type, Tensor input, int precision = -1, bool scientific = false, bool shortest = false, int width = -1, string fill = "")
    {
        var graph = new TfGraphBuilder();
        graph.OpT("AsString", "y", type, [graph.Placeholder("x", type, -1)],
            ("precision", TfGraphBuilder.Int(precision)), ("scientific", TfGraphBuilder.Bool(scientific)), ("shortest", TfGraphBuilder.Bool(shortest)),
            ("width", TfGraphBuilder.Int(width)), ("fill", TfGraphBuilder.Str(fill)));
        return Run(graph, "y", 1, ("x:0", input))[0];
    }
}
