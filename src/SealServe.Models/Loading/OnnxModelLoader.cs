using SealServe.Core.Errors;
using SealServe.Models.Engine;
using SealServe.Models.Sources;
using SealServe.Sealing;

namespace SealServe.Models.Loading;

/// <summary>Loads <c>&lt;version&gt;/model.onnx</c> into an ONNX Runtime session from memory.</summary>
public sealed class OnnxModelLoader(IModelFiles files, EngineOptions engineOptions) : IModelLoader
{
    public const string FileName = "model.onnx";

    public string Format => "onnx";

    public bool CanLoad(VersionDirectory directory) => File.Exists(Path.Combine(directory.Path, FileName));

    public IServable Load(VersionDirectory directory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory.Path, FileName);
        using var model = files.ReadAll(directory.Path, FileName);
        try
        {
            return OnnxServable.Create(model.Bytes, engineOptions);
        }
        catch (ServingException e)
        {
            throw new ServingException(e.Code, $"Failed to load {path}: {e.Message}", e);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            throw new ServingException(StatusCode.InvalidArgument, $"Failed to load {path}: not a valid ONNX model ({e.Message})", e);
        }
    }
}
