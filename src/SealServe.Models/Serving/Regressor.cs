using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>TF Serving's Regress: one engine run feeding serialized tf.Examples to the signature's <c>inputs</c>, its <c>outputs</c> checked and read as one value per example.</summary>
public static class Regressor
{
    /// <param name="servable">The loaded version (or its batching wrapper).</param>
    /// <param name="signature">The signature, checked by <see cref="InferenceSignatures.ForRegression"/>.</param>
    /// <param name="examples">Serialized tf.Examples, a vector; stays the caller's.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static Task<RegressionResult> RegressAsync(IServable servable, RegressionSignature signature, Tensor examples, CancellationToken cancellationToken) =>
        RegressAsync(servable, signature, ExamplesFeed.Serialized(signature.Input, examples), cancellationToken);

    /// <param name="servable">The loaded version (or its batching wrapper).</param>
    /// <param name="signature">The signature, checked by <see cref="InferenceSignatures.ForRegression"/>.</param>
    /// <param name="examples">The examples as the engine is fed them; stay the caller's.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    public static async Task<RegressionResult> RegressAsync(IServable servable, RegressionSignature signature, ExamplesFeed examples, CancellationToken cancellationToken)
    {
        var outputs = await servable.RunAsync(signature.Signature, examples.InputNames, examples.Inputs, [signature.Output], cancellationToken).ConfigureAwait(false);
        try
        {
            return RegressionResult.FromOutput(signature.Signature.Key, outputs[0], examples.Count, ownsOutput: true);
        }
        catch
        {
            outputs[0].Dispose();
            throw;
        }
    }
}
