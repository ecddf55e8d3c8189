namespace SealServe.Client.V2;

/// <summary>The optional parts of a v2 inference request.</summary>
public sealed class InferOptions
{
    /// <summary>The model version (a number, or for SealServe a version label); <see langword="null"/> for the server's choice.</summary>
    public string? Version { get; init; }

    /// <summary>The request id, echoed in the answer.</summary>
    public string? Id { get; init; }

    /// <summary>The signature to run (SealServe's <c>signature_name</c> parameter); <see langword="null"/> for <c>serving_default</c>.</summary>
    public string? SignatureName { get; init; }

    /// <summary>The outputs wanted, in this order; <see langword="null"/> for all of them.</summary>
    public IReadOnlyList<string>? Outputs { get; init; }

    /// <summary>REST only: send and receive tensors as binary data (the binary tensor data extension) rather than JSON. On by default.</summary>
    public bool BinaryData { get; init; } = true;
}
