using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>
/// How model files are read: one version folder at a time. Sealed files are unsealed into memory (never to
/// disk); plain files are read as they are. Loaders never open model files any other way.
/// </summary>
public interface IModelFiles
{
    /// <summary>
    /// Opens the version folder <paramref name="version"/> (<c>base_path/&lt;version&gt;</c>, on disk or in an object store) for one load.
    /// A sealed version is checked against its sealed manifest here (the set of files, no plain file among
    /// them); a plain one may be refused (<c>--require_sealed_models</c>). Failures throw a ServingException
    /// naming the file and the reason.
    /// </summary>
    IVersionFiles Open(IStoredVersion version);
}

/// <summary>Opening a version folder on the local file system.</summary>
public static class ModelFilesExtensions
{
    public static IVersionFiles Open(this IModelFiles files, string versionDirectory) => files.Open(new FolderVersion(versionDirectory));
}
