using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>The results of a MultiInference request, in task order: each a classification or a regression. Disposing releases the outputs.</summary>
public sealed class MultiInferenceResult(IReadOnlyList<object> results, Tensor[] outputs) : IDisposable
{
    /// <summary>A <see cref="ClassificationResult"/> or a <see cref="RegressionResult"/> per task.</summary>
    public IReadOnlyList<object> Results { get; } = results;

    public void Dispose()
    {
        foreach (var output in outputs)
        {
            output.Dispose();
        }
    }
}
