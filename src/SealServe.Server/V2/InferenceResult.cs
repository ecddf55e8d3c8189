using SealServe.Core.Tensors;
using SealServe.Models.Management;
using SealServe.Models.Serving;

namespace SealServe.Server.V2;

/// <summary>An output of a v2 response: its name (the signature's alias), tensor, and whether it goes out as binary data.</summary>
internal readonly record struct InferenceOutput(string Name, Tensor Tensor, bool Binary);

/// <summary>
/// The answer to a v2 request: the outputs in the order asked for (else the signature's), the model and version that
/// produced them. Holds the version and the output memory until disposed, so an encoder may send outputs in place
/// after the call returned (the REST body and gRPC raw contents are written from the engine's memory).
/// </summary>
internal sealed class InferenceResult(ServableHandle handle, PredictResult result, InferenceOutput[] outputs) : IDisposable
{
    public string ModelName => result.ModelName;

    public long Version => result.Version;

    public IReadOnlyList<InferenceOutput> Outputs => outputs;

    public void Dispose()
    {
        result.Dispose();
        handle.Dispose();
    }
}
