namespace SealServe.TensorFlow.Translation;

/// <summary>A TensorFlow op type the translator has no translator for, as used by one graph.</summary>
/// <param name="OpType">The TF op type, e.g. <c>ParseExampleV2</c>.</param>
/// <param name="Count">How many nodes the outputs need use it (function bodies included).</param>
/// <param name="FirstNode">The name of the first such node met.</param>
public sealed record UnsupportedOp(string OpType, int Count, string FirstNode)
{
    public override string ToString() => $"{OpType} ×{Count} (first node '{FirstNode}')";
}
