using SealServe.Sealing.Format;

namespace SealServe.Sealing;

/// <summary>What a version folder holds, judged from each file's first bytes (no key needed).</summary>
internal static class VersionFolder
{
    /// <summary>Every file below <paramref name="directory"/> by relative path ('/' separators), sealed, damaged or plain.</summary>
    public static SortedDictionary<string, SealedFileKind> Classify(string directory)
    {
        var files = new SortedDictionary<string, SealedFileKind>(StringComparer.Ordinal);
        foreach (var file in System.IO.Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            files[Path.GetRelativePath(directory, file).Replace('\\', '/')] = SealedFileHeader.Peek(stream);
        }

        return files;
    }

    /// <summary>True when the folder is a sealed version: a sealed (or damaged sealed) file, or a manifest, is in it.</summary>
    public static bool IsSealed(IReadOnlyDictionary<string, SealedFileKind> files) =>
        files.ContainsKey(SealedManifest.FileName) || files.Values.Any(k => k != SealedFileKind.Plain);
}
