using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>The outputs of one predict call, by alias (sorted), with the version and signature that produced them. Disposing releases the output memory.</summary>
public sealed class PredictResult(string modelName, long version, string signatureName, KeyValuePair<string, Tensor>[] outputs) : IDisposable
{
    public string ModelName { get; } = modelName;

    public long Version { get; } = version;

    public string SignatureName { get; } = signatureName;

    public IReadOnlyList<KeyValuePair<string, Tensor>> Outputs { get; } = outputs;

    public void Dispose()
    {
        foreach (var output in Outputs)
        {
            output.Value.Dispose();
        }
    }
}
