namespace SealServe.Models.Sources;

/// <summary>Lists the version folders under a model's base path (a local folder or an object-store prefix).</summary>
public interface IModelSource
{
    /// <summary>
    /// The numbered versions found under <paramref name="basePath"/>, ascending. Throws an <see cref="IOException"/>
    /// or a <see cref="Core.Errors.ServingException"/> (UNAVAILABLE when it may heal) when the base path cannot be
    /// read, so a storage error is not mistaken for "every version was removed".
    /// </summary>
    IReadOnlyList<VersionDirectory> ListVersions(string basePath);

    /// <summary>What the version's files look like now (names, sizes, times): a failed load is tried again once this changes.</summary>
    string Fingerprint(VersionDirectory directory);
}
