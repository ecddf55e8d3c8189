using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Serving;

namespace SealServe.Models.Tests.Serving;

/// <summary>TF Serving's checks of classify outputs (rank 2, DT_STRING classes, DT_FLOAT scores, batch and class counts).</summary>
public sealed class ClassificationResultTests
{
    [Fact]
    public void FromOutputs_ScoresOnly_EmptyLabels()
    {
        using var scores = Tensor.FromValues(new TensorShape(2, 1), 0.5f, 0.25f);

        using var result = ClassificationResult.FromOutputs("s", null, scores, 2, ownsOutputs: false);

        Assert.Equal((2, 1), (result.Examples, result.Classes));
        Assert.Equal((0, 0.25f), (result.Label(1, 0).Length, result.Score(1, 0)));
    }

    [Theory]
    [InlineData(new long[] { 2 }, 2, "Expected Tensor shape: [batch_size num_classes] but got [2]")]
    [InlineData(new long[] { 3, 1 }, 2, "Expected scores output batch size of 2. Got: 3")]
    public void FromOutputs_BadScores_TfServingsText(long[] shape, long examples, string message)
    {
        using var scores = Tensor.Allocate(DataType.Float, new TensorShape(shape));

        var error = Assert.Throws<ServingException>(() => ClassificationResult.FromOutputs("s", null, scores, examples, ownsOutputs: false));

        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void FromOutputs_ClassesAndScoresDisagree_TfServingsText()
    {
        using var classes = Tensor.CreateStrings(new TensorShape(1, 2), [[], []]);
        using var scores = Tensor.Allocate(DataType.Float, new TensorShape(1, 3));
        using var doubles = Tensor.Allocate(DataType.Double, new TensorShape(1, 2));

        var mismatch = Assert.Throws<ServingException>(() => ClassificationResult.FromOutputs("s", classes, scores, 1, ownsOutputs: false));
        var wrongType = Assert.Throws<ServingException>(() => ClassificationResult.FromOutputs("s", null, doubles, 1, ownsOutputs: false));

        Assert.Equal("Tensors class and score should match in dim_size(1). Got 2 vs. 3", mismatch.Message);
        Assert.Equal("Expected scores Tensor of DT_FLOAT. Got: DT_DOUBLE", wrongType.Message);
    }
}
