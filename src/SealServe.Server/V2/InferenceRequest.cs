using SealServe.Core.Tensors;
using SealServe.Server.Codecs.V2;

namespace SealServe.Server.V2;

/// <summary>An output a v2 request asks for, and whether it wants it as binary data (<see langword="null"/>: as the request decides).</summary>
internal readonly record struct RequestedOutput(string Name, bool? Binary);

/// <summary>
/// A decoded Open Inference Protocol request, whatever its transport: inputs by name as tensors (owned here, disposed
/// with the request), the outputs asked for, the signature (<c>signature_name</c> parameter) and the request id.
/// </summary>
internal sealed class InferenceRequest : IDisposable
{
    private readonly Dictionary<string, Tensor> inputs = new(StringComparer.Ordinal);

    /// <summary>The request's <c>id</c>, echoed in the response; <see langword="null"/> when absent.</summary>
    public string? Id { get; init; }

    /// <summary>The <c>signature_name</c> parameter; empty for <c>serving_default</c>.</summary>
    public string SignatureName { get; init; } = string.Empty;

    /// <summary>REST's <c>binary_data_output</c> parameter: outputs as binary data unless an output says otherwise.</summary>
    public bool BinaryOutputs { get; init; }

    public IReadOnlyDictionary<string, Tensor> Inputs => inputs;

    /// <summary>The outputs asked for, in the request's order; empty for all of them.</summary>
    public List<RequestedOutput> Outputs { get; } = [];

    /// <summary>Takes ownership of an input tensor; a name sent twice is refused (and that tensor disposed).</summary>
    public void AddInput(string name, Tensor tensor)
    {
        if (!inputs.TryAdd(name, tensor))
        {
            tensor.Dispose();
            throw V2Errors.Tensor(name, "the request sends this input twice");
        }
    }

    public void Dispose()
    {
        foreach (var tensor in inputs.Values)
        {
            tensor.Dispose();
        }

        inputs.Clear();
    }
}
