namespace SealServe.Sealing;

/// <summary>Reads files as they are on disk (no sealing support configured).</summary>
public sealed class PlainModelFiles : IModelFiles
{
    public IVersionFiles Open(string versionDirectory) => new PlainVersionFiles(versionDirectory);
}
