using SealServe.Client.Tensors;

namespace SealServe.Client.V2;

/// <summary>The answer to a v2 inference request.</summary>
public sealed class InferResult(string modelName, string modelVersion, string? id, IReadOnlyList<InferTensor> outputs)
{
    /// <summary>The model that answered.</summary>
    public string ModelName { get; } = modelName;

    /// <summary>The version that answered.</summary>
    public string ModelVersion { get; } = modelVersion;

    /// <summary>The request's id, if it had one.</summary>
    public string? Id { get; } = id;

    /// <summary>The outputs, in the order asked for (else the server's).</summary>
    public IReadOnlyList<InferTensor> Outputs { get; } = outputs;

    /// <summary>The output named <paramref name="name"/>.</summary>
    public InferTensor this[string name] => Outputs.FirstOrDefault(o => o.Name == name) ?? throw new KeyNotFoundException($"No output named '{name}'.");
}
