using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>Reads files as they are stored (no sealing support configured).</summary>
public sealed class PlainModelFiles : IModelFiles
{
    public IVersionFiles Open(IStoredVersion version) => new PlainVersionFiles(version);
}
