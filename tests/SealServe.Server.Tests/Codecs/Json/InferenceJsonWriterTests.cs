using System.Buffers;
using System.Text;
using SealServe.Core.Tensors;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class InferenceJsonWriterTests
{
    [Fact]
    public void WriteClassification_LabelsAndScores_TfServingsLayout()
    {
        using var classes = Tensor.CreateStrings(new TensorShape(2, 2), [.. new[] { "a", "b", "c", "d" }.Select(Encoding.UTF8.GetBytes)]);
        using var scores = Tensor.FromValues(new TensorShape(2, 2), 0.25f, 0.75f, 1f, 0f);
        using var result = ClassificationResult.FromOutputs("s", classes, scores, 2, ownsOutputs: false);

        var output = new ArrayBufferWriter<byte>();
        InferenceJsonWriter.WriteClassification(output, result);

        Assert.Equal("{\n    \"results\": [[[\"a\", 0.25], [\"b\", 0.75]], [[\"c\", 1.0], [\"d\", 0.0]]\n    ]\n}", Encoding.UTF8.GetString(output.WrittenSpan));
    }

    [Fact]
    public void WriteRegression_Values_OnOneLine()
    {
        using var values = Tensor.FromValues(new TensorShape(3, 1), 2.5f, 3f, 1e-7f);
        using var result = RegressionResult.FromOutput("s", values, 3, ownsOutput: false);

        var output = new ArrayBufferWriter<byte>();
        InferenceJsonWriter.WriteRegression(output, result);

        Assert.Equal("{\n    \"results\": [2.5, 3.0, 1e-07]\n}", Encoding.UTF8.GetString(output.WrittenSpan));
    }
}
