using SealServe.Sealing.Storage;

namespace SealServe.Models.Sources;

/// <summary>
/// One numbered version folder under a model's base path (<c>base_path/00000123</c> is version 123) and its
/// stored files, on disk or in an object store.
/// </summary>
public sealed record VersionDirectory(long Version, IStoredVersion Files)
{
    /// <summary>The version folder: a local path or an object-store URI, for logs, status and errors.</summary>
    public string Path => Files.Location;
}
