namespace SealServe.Sealing;

/// <summary>The files of one version folder, opened for one load (<see cref="IModelFiles.Open"/>).</summary>
public interface IVersionFiles
{
    /// <summary>The version folder.</summary>
    string Directory { get; }

    /// <summary>True when the version has the file <paramref name="relativePath"/> (for a sealed version: its manifest lists it).</summary>
    bool Exists(string relativePath);

    /// <summary>
    /// Reads the whole file <paramref name="relativePath"/> (e.g. <c>model.onnx</c>, <c>variables/variables.index</c>).
    /// Failures (wrong key, tampering, expiry, a file not sealed with the version...) throw a ServingException
    /// naming the file and the reason.
    /// </summary>
    ModelFileBuffer ReadAll(string relativePath);

    /// <summary>
    /// Authenticates every file of a sealed version that was not read (assets the engine never needs), so a
    /// version serves only if all of it is what was sealed. Nothing to do for a plain version.
    /// </summary>
    void VerifyUnread(CancellationToken cancellationToken);
}
