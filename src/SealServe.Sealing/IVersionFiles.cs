namespace SealServe.Sealing;

/// <summary>The files of one version folder, opened for one load (<see cref="IModelFiles.Open"/>).</summary>
public interface IVersionFiles
{
    /// <summary>The version folder (<see cref="Storage.IStoredVersion.Location"/>): a local path or an object-store URI.</summary>
    string Directory { get; }

    /// <summary>True when the version has the file <paramref name="relativePath"/> (for a sealed version: its manifest lists it).</summary>
    bool Exists(string relativePath);

    /// <summary>
    /// Reads the whole file <paramref name="relativePath"/> (e.g. <c>model.onnx</c>, <c>variables/variables.index</c>).
    /// Failures (wrong key, tampering, expiry, a file not sealed with the version...) throw a ServingException
    /// naming the file and the reason.
    /// </summary>
    ModelFileBuffer ReadAll(string relativePath);

    /// <summary>The version's files under <paramref name="relativeFolder"/> (recursively), relative to the version folder, ordinal order.</summary>
    IReadOnlyList<string> List(string relativeFolder);

    /// <summary>
    /// Authenticates every file of a sealed version that was not read (assets the engine never needs), so a
    /// version serves only if all of it is what was sealed. Nothing to do for a plain version.
    /// </summary>
    void VerifyUnread(CancellationToken cancellationToken);
}
