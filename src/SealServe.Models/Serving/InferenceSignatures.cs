using SealServe.Core.Errors;
using SealServe.Core.Signatures;

namespace SealServe.Models.Serving;

/// <summary>
/// TF Serving's checks of the signatures Classify, Regress and MultiInference run (its <c>PreProcessClassification</c>
/// and <c>PreProcessRegression</c>): one input named <c>inputs</c> that takes serialized tf.Examples, and the outputs
/// each method reads. Only the structure is checked unless <c>--enable_signature_method_name_check</c> is set.
/// </summary>
public static class InferenceSignatures
{
    public const string InputsKey = "inputs";
    public const string ClassesKey = "classes";
    public const string ScoresKey = "scores";
    public const string OutputsKey = "outputs";

    /// <summary>The signature a request names (<c>""</c> = <c>serving_default</c>), as Classify and Regress look it up.</summary>
    public static Signature Find(IServable servable, string? signatureName)
    {
        var key = string.IsNullOrEmpty(signatureName) ? Signature.DefaultKey : signatureName;
        return servable.Signatures.TryGetValue(key, out var signature)
            ? signature
            : throw ServingException.InvalidArgument($"No signature was found with the name: {key}");
    }

    /// <summary>The classification view of <paramref name="signature"/>, or TF Serving's error saying why it has none.</summary>
    public static ClassificationSignature ForClassification(Signature signature, bool checkMethodName)
    {
        if (checkMethodName && signature.MethodName != Signature.ClassifyMethod)
        {
            throw ServingException.InvalidArgument($"Expected classification signature method_name to be {Signature.ClassifyMethod}. Was: {signature.MethodName}");
        }

        if (signature.Inputs.Count != 1)
        {
            throw ServingException.InvalidArgument("Expected one input Tensor.");
        }

        if (signature.Outputs.Count is not (1 or 2))
        {
            throw ServingException.InvalidArgument($"Expected one or two output Tensors, found {signature.Outputs.Count}");
        }

        var input = signature.Inputs.GetValueOrDefault(InputsKey)
            ?? throw ServingException.InvalidArgument($"No classification inputs found in SignatureDef: {SignatureDebugText.Format(signature)}");
        var classes = signature.Outputs.GetValueOrDefault(ClassesKey);
        var scores = signature.Outputs.GetValueOrDefault(ScoresKey);
        if (classes is null && scores is null)
        {
            throw ServingException.InvalidArgument(
                $"Expected classification signature outputs to contain at least one of \"{ClassesKey}\" or \"{ScoresKey}\". Signature was: {SignatureDebugText.Format(signature)}");
        }

        return new ClassificationSignature(signature, input.Name, classes?.Name, scores?.Name);
    }

    /// <summary>The regression view of <paramref name="signature"/>, or TF Serving's error saying why it has none.</summary>
    public static RegressionSignature ForRegression(Signature signature, bool checkMethodName)
    {
        if (checkMethodName && signature.MethodName != Signature.RegressMethod)
        {
            throw ServingException.InvalidArgument($"Expected regression signature method_name to be {Signature.RegressMethod}. Was: {signature.MethodName}");
        }

        if (signature.Inputs.Count != 1)
        {
            throw ServingException.InvalidArgument("Expected one input Tensor.");
        }

        if (signature.Outputs.Count != 1)
        {
            throw ServingException.InvalidArgument("Expected one output Tensor.");
        }

        var input = signature.Inputs.GetValueOrDefault(InputsKey)
            ?? throw ServingException.InvalidArgument($"No regression inputs found in SignatureDef: {SignatureDebugText.Format(signature)}");
        var output = signature.Outputs.GetValueOrDefault(OutputsKey)
            ?? throw ServingException.InvalidArgument($"No regression outputs found in SignatureDef: {SignatureDebugText.Format(signature)}");
        return new RegressionSignature(signature, input.Name, output.Name);
    }
}
