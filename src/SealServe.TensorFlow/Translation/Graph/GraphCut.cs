namespace SealServe.TensorFlow.Translation.Graph;

/// <summary>Where a translation starts and ends: the fed tensors (graph inputs, <c>node:k</c>) and the tensors to compute.</summary>
internal sealed record GraphCut(IReadOnlySet<string> Fed, IReadOnlyList<string> Outputs)
{
    public bool IsFed(string tensor) => Fed.Contains(tensor);
}
