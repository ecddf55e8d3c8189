namespace SealServe.Models.Serving;

/// <summary>One task of a MultiInference request: a signature (<c>""</c> = <c>serving_default</c>) and the method to run it with.</summary>
public sealed record MultiInferenceTask(string SignatureName, string MethodName);
