using SealServe.Core.Signatures;

namespace SealServe.Models.Serving;

/// <summary>A signature Regress can run: the examples tensor and the <c>outputs</c> output (engine names).</summary>
public sealed record RegressionSignature(Signature Signature, string Input, string Output);
