namespace SealServe.Sealing.Tools;

/// <summary>One file of a model version: its version folder and its path inside it (with '/' separators).</summary>
internal sealed record ModelFile(string VersionDirectory, string RelativePath)
{
    public string FullPath => Path.Combine(VersionDirectory, RelativePath);

    /// <summary>The version's sealed manifest rather than a model file.</summary>
    public bool IsManifest => RelativePath == Format.SealedManifest.FileName;

    /// <summary>Where the server expects this file to have been sealed for (<see cref="SealedPath"/>).</summary>
    public string BoundPath => SealedPath.For(VersionDirectory, RelativePath);
}
