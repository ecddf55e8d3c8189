using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Serving;

namespace SealServe.Models.Tests.Serving;

/// <summary>TF Serving's structural checks of classify and regress signatures, and the signature text its messages quote.</summary>
public sealed class InferenceSignaturesTests
{
    [Fact]
    public void ForClassification_ClassesAndScores_FetchesBoth()
    {
        var signature = Make(Core.Signatures.Signature.ClassifyMethod, ["inputs"], ["classes", "scores"]);

        var classification = InferenceSignatures.ForClassification(signature, checkMethodName: true);

        Assert.Equal(("examples:0", "classes:0", "scores:0"), (classification.Input, classification.Classes, classification.Scores));
        Assert.Equal(["classes:0", "scores:0"], classification.OutputNames);
    }

    [Fact]
    public void ForClassification_PredictMethod_OnlyRefusedWhenMethodNamesAreChecked()
    {
        var signature = Make(Core.Signatures.Signature.PredictMethod, ["inputs"], ["scores"]);

        var structural = InferenceSignatures.ForClassification(signature, checkMethodName: false);
        var error = Assert.Throws<ServingException>(() => InferenceSignatures.ForClassification(signature, checkMethodName: true));

        Assert.Equal("scores:0", structural.Scores);
        Assert.Equal("Expected classification signature method_name to be tensorflow/serving/classify. Was: tensorflow/serving/predict", error.Message);
    }

    [Theory]
    [InlineData(new[] { "inputs", "more" }, new[] { "scores" }, "Expected one input Tensor.")]
    [InlineData(new[] { "inputs" }, new[] { "a", "b", "c" }, "Expected one or two output Tensors, found 3")]
    [InlineData(new[] { "x" }, new[] { "scores" }, "No classification inputs found in SignatureDef: inputs {\n  key: \"x\"\n  value {\n    name: \"x:0\"\n    dtype: DT_STRING\n    tensor_shape {\n      dim {\n        size: -1\n      }\n    }\n  }\n}\noutputs {\n  key: \"scores\"\n  value {\n    name: \"scores:0\"\n    dtype: DT_FLOAT\n  }\n}\nmethod_name: \"tensorflow/serving/classify\"\n")]
    [InlineData(new[] { "inputs" }, new[] { "probabilities" }, "Expected classification signature outputs to contain at least one of \"classes\" or \"scores\". Signature was: inputs {")]
    public void ForClassification_WrongShape_TfServingsText(string[] inputs, string[] outputs, string message)
    {
        var error = Assert.Throws<ServingException>(() => InferenceSignatures.ForClassification(Make(Core.Signatures.Signature.ClassifyMethod, inputs, outputs), checkMethodName: false));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "inputs" }, new[] { "outputs", "other" }, "Expected one output Tensor.")]
    [InlineData(new[] { "x" }, new[] { "outputs" }, "No regression inputs found in SignatureDef: ")]
    [InlineData(new[] { "inputs" }, new[] { "y" }, "No regression outputs found in SignatureDef: ")]
    public void ForRegression_WrongShape_TfServingsText(string[] inputs, string[] outputs, string message)
    {
        var error = Assert.Throws<ServingException>(() => InferenceSignatures.ForRegression(Make(Core.Signatures.Signature.RegressMethod, inputs, outputs), checkMethodName: false));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
    }

    private static Signature Make(string method, string[] inputs, string[] outputs) => new(
        "s",
        method,
        inputs.ToDictionary(a => a, a => new TensorSpec(a == "inputs" ? "examples:0" : a + ":0", DataType.String, ShapeSpec.Of(-1))),
        outputs.ToDictionary(a => a, a => new TensorSpec(a + ":0", a == "classes" ? DataType.String : DataType.Float, null)));
}
