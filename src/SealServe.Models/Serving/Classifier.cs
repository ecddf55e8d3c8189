using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>TF Serving's Classify: one engine run feeding serialized tf.Examples to the signature's <c>inputs</c>, its outputs checked and read as classes and scores.</summary>
public static class Classifier
{
    /// <param name="servable">The loaded version (or its batching wrapper).</param>
    /// <param name="signature">The signature, checked by <see cref="InferenceSignatures.ForClassification"/>.</param>
    /// <param name="examples">Serialized tf.Examples, a vector; stays the caller's.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static Task<ClassificationResult> ClassifyAsync(IServable servable, ClassificationSignature signature, Tensor examples, CancellationToken cancellationToken) =>
        ClassifyAsync(servable, signature, ExamplesFeed.Serialized(signature.Input, examples), cancellationToken);

    /// <param name="servable">The loaded version (or its batching wrapper).</param>
    /// <param name="signature">The signature, checked by <see cref="InferenceSignatures.ForClassification"/>.</param>
    /// <param name="examples">The examples as the engine is fed them; stay the caller's.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<ClassificationResult> ClassifyAsync(IServable servable, ClassificationSignature signature, ExamplesFeed examples, CancellationToken cancellationToken)
    {
        var outputs = await servable.RunAsync(signature.Signature, examples.InputNames, examples.Inputs, signature.OutputNames, cancellationToken).ConfigureAwait(false);
        try
        {
            var classes = signature.Classes is null ? null : outputs[0];
            var scores = signature.Scores is null ? null : outputs[^1];
            return ClassificationResult.FromOutputs(signature.Signature.Key, classes, scores, examples.Count, ownsOutputs: true);
        }
        catch
        {
            foreach (var output in outputs)
            {
                output.Dispose();
            }

            throw;
        }
    }
}
