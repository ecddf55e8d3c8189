namespace SealServe.Sealing;

/// <summary>Reads files as they are on disk (no sealing support configured).</summary>
public sealed class PlainModelFiles : IModelFiles
{
    public ModelFileBuffer ReadAll(string versionDirectory, string relativePath) =>
        new(File.ReadAllBytes(Path.Combine(versionDirectory, relativePath)));
}
