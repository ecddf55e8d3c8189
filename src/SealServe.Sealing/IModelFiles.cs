namespace SealServe.Sealing;

/// <summary>
/// How loaders read the files of a model version. Sealed files are unsealed into memory (never to disk);
/// plain files are read as they are. Loaders never open model files any other way.
/// </summary>
public interface IModelFiles
{
    /// <summary>
    /// Reads the whole file <paramref name="relativePath"/> (e.g. <c>model.onnx</c>, <c>variables/variables.index</c>)
    /// of the version folder <paramref name="versionDirectory"/> (<c>base_path/&lt;version&gt;</c>). Failures (wrong key,
    /// tampering, expiry...) throw a ServingException naming the file and the reason.
    /// </summary>
    ModelFileBuffer ReadAll(string versionDirectory, string relativePath);
}
