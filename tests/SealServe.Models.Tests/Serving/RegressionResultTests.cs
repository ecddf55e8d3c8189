using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Serving;

namespace SealServe.Models.Tests.Serving;

/// <summary>TF Serving's checks of a regress output: DT_FLOAT shaped [batch] or [batch, 1].</summary>
public sealed class RegressionResultTests
{
    [Theory]
    [InlineData(new long[] { 2 })]
    [InlineData(new long[] { 2, 1 })]
    public void FromOutput_BatchOrBatchByOne_OneValuePerExample(long[] shape)
    {
        using var values = Tensor.FromValues(new TensorShape(shape), 1f, 2f);

        using var result = RegressionResult.FromOutput("s", values, 2, ownsOutput: false);

        Assert.Equal([1f, 2f], result.Values.ToArray());
    }

    [Theory]
    [InlineData(DataType.Float, new long[] { 2, 2 }, 2, "Expected output Tensor shape to be either [batch_size] or [batch_size, 1] but got [2,2]")]
    [InlineData(DataType.Float, new long[] { 3 }, 2, "Input batch size did not match output batch size: 2 vs. 3")]
    [InlineData(DataType.Int64, new long[] { 2 }, 2, "Expected output Tensor of DT_FLOAT.  Got: DT_INT64")]
    public void FromOutput_BadOutput_TfServingsText(DataType type, long[] shape, long examples, string message)
    {
        using var output = Tensor.Allocate(type, new TensorShape(shape));

        var error = Assert.Throws<ServingException>(() => RegressionResult.FromOutput("s", output, examples, ownsOutput: false));

        Assert.Equal(message, error.Message);
    }
}
