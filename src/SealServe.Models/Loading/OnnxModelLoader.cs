using SealServe.Core.Errors;
using SealServe.Models.Engine;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.Models.Loading;

/// <summary>Loads <c>&lt;version&gt;/model.onnx</c> into an ONNX Runtime session from memory, on the configured execution provider.</summary>
public sealed class OnnxModelLoader(EngineOptions engineOptions, ExecutionProviders providers) : IModelLoader
{
    public const string FileName = "model.onnx";

    // Resolved at start, so an unknown provider name fails the server's start, not the first load.
    private readonly IExecutionProvider provider = providers.Get(engineOptions.ExecutionProvider);

    public string Format => "onnx";

    public bool CanLoad(VersionDirectory directory) => directory.Files.Exists(FileName);

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory.Path, FileName);
        using var model = files.ReadAll(FileName);
        try
        {
            return OnnxServable.Create(model.Bytes, engineOptions, provider: provider);
        }
        catch (ServingException e)
        {
            throw new ServingException(e.Code, $"Failed to load {path}: {e.Message}", e);
        }
        catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or InvalidOperationException)
        {
            throw new ServingException(StatusCode.InvalidArgument, $"Failed to load {path}: not a valid ONNX model ({e.Message})", e);
        }
    }
}
