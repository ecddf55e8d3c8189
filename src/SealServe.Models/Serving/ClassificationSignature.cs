using SealServe.Core.Signatures;

namespace SealServe.Models.Serving;

/// <summary>A signature Classify can run: the examples tensor and the <c>classes</c> and/or <c>scores</c> outputs (engine names).</summary>
public sealed record ClassificationSignature(Signature Signature, string Input, string? Classes, string? Scores)
{
    /// <summary>The outputs to fetch: classes, scores, or both in that order.</summary>
    public string[] OutputNames { get; } = [.. new[] { Classes, Scores }.OfType<string>()];
}
