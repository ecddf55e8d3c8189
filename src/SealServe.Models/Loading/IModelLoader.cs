using SealServe.Sealing;
using SealServe.Models.Sources;

namespace SealServe.Models.Loading;

/// <summary>Turns the files of one version folder into a servable. One implementation per model format.</summary>
public interface IModelLoader
{
    /// <summary>The format this loader reads (<c>onnx</c>, <c>saved_model</c>...), for logs and status.</summary>
    string Format { get; }

    /// <summary>True when the folder holds this loader's format (checked by file names only, no reading).</summary>
    bool CanLoad(VersionDirectory directory);

    /// <summary>
    /// Loads the version, reading its files through <paramref name="files"/> only (sealed files are unsealed in
    /// memory). Failures throw, preferably a <see cref="Core.Errors.ServingException"/> naming the file and the reason.
    /// </summary>
    IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken);
}
