namespace SealServe.Models.Sources;

/// <summary>Lists the version folders under a model's base path.</summary>
public interface IModelSource
{
    /// <summary>
    /// The numbered versions found under <paramref name="basePath"/>, ascending. Throws
    /// <see cref="IOException"/> when the base path cannot be read, so a transient storage error is not
    /// mistaken for "every version was removed".
    /// </summary>
    IReadOnlyList<VersionDirectory> ListVersions(string basePath);

    /// <summary>What the version's files look like now (names, sizes, times): a failed load is tried again once this changes.</summary>
    string Fingerprint(VersionDirectory directory);
}
