using SealServe.Sealing.Format;
using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>What a version folder holds, judged from each file's first bytes (no key needed).</summary>
internal static class VersionFolder
{
    /// <summary>Every file of <paramref name="version"/> by relative path ('/' separators), sealed, damaged or plain.</summary>
    public static SortedDictionary<string, SealedFileKind> Classify(IStoredVersion version)
    {
        var files = new SortedDictionary<string, SealedFileKind>(StringComparer.Ordinal);
        Span<byte> start = stackalloc byte[SealedFormat.Magic.Length];
        foreach (var file in version.ListFiles())
        {
            files[file] = SealedFormat.Classify(start[..version.ReadStart(file, start)]);
        }

        return files;
    }

    /// <summary>True when the folder is a sealed version: a sealed (or damaged sealed) file, or a manifest, is in it.</summary>
    public static bool IsSealed(IReadOnlyDictionary<string, SealedFileKind> files) =>
        files.ContainsKey(SealedManifest.FileName) || files.Values.Any(k => k != SealedFileKind.Plain);
}
