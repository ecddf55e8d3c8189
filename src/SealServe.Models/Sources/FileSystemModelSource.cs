using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using SealServe.Models.Diagnostics;
using SealServe.Sealing.Storage;

namespace SealServe.Models.Sources;

/// <summary>
/// Lists version folders on the local file system as TensorFlow Serving does: children whose name
/// parses as a positive int64 (leading zeros allowed); other entries are ignored.
/// </summary>
public sealed class FileSystemModelSource(ILogger<FileSystemModelSource> logger) : IModelSource
{
    public IReadOnlyList<VersionDirectory> ListVersions(string basePath)
    {
        if (!Directory.Exists(basePath))
        {
            throw new DirectoryNotFoundException($"Model base path {basePath} does not exist or is not a directory.");
        }

        var versions = new SortedDictionary<long, VersionDirectory>();
        foreach (var path in Directory.EnumerateDirectories(basePath).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (!TryParseVersion(name, out var version))
            {
                ModelsLog.IgnoredEntry(logger, basePath, name);
                continue;
            }

            if (versions.TryGetValue(version, out var previous))
            {
                // "1" and "001" name the same version; like TF Serving, the later one wins.
                ModelsLog.DuplicateVersion(logger, version, previous.Path, path);
            }

            versions[version] = new VersionDirectory(version, new FolderVersion(path));
        }

        return versions.Values.ToArray();
    }

    public string Fingerprint(VersionDirectory directory)
    {
        var text = new StringBuilder();
        try
        {
            foreach (var file in new DirectoryInfo(directory.Path).EnumerateFiles("*", SearchOption.AllDirectories).OrderBy(f => f.FullName, StringComparer.Ordinal))
            {
                text.Append(file.FullName).Append('|').Append(file.Length).Append('|').Append(file.LastWriteTimeUtc.Ticks).Append('\n');
            }
        }
        catch (IOException e)
        {
            text.Append(e.Message);
        }

        return text.ToString();
    }

    /// <summary>True for a positive decimal integer of at most int64 range, leading zeros allowed.</summary>
    public static bool TryParseVersion(string name, out long version)
    {
        version = 0;
        return name.Length > 0
            && name.All(char.IsAsciiDigit)
            && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out version)
            && version > 0;
    }
}
