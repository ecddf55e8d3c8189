using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>A version folder of plain files, read as they are.</summary>
public sealed class PlainVersionFiles(IStoredVersion version) : IVersionFiles
{
    public string Directory => version.Location;

    public bool Exists(string relativePath) => version.Exists(relativePath);

    public ModelFileBuffer ReadAll(string relativePath) => new(version.ReadAll(relativePath));

    public IReadOnlyList<string> List(string relativeFolder) => Under(version.ListFiles(), relativeFolder);

    public void VerifyUnread(CancellationToken cancellationToken)
    {
    }

    /// <summary>The paths of <paramref name="files"/> inside <paramref name="relativeFolder"/>.</summary>
    internal static IReadOnlyList<string> Under(IEnumerable<string> files, string relativeFolder)
    {
        var prefix = relativeFolder.Replace('\\', '/').Trim('/') + "/";
        return files.Where(f => prefix == "/" || f.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();
    }
}
