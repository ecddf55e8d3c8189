using System.Globalization;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Tools;

/// <summary>
/// Finds the files the tools work on, in TensorFlow Serving's layout: a base path holds version folders
/// (positive integers, leading zeros allowed), and a version folder holds the model files.
/// </summary>
internal static class ModelTree
{
    /// <summary>What <see cref="AtomicFile"/> names its temporary files: never part of a model.</summary>
    public const string TemporarySuffix = ".sealserve-tmp";

    public static bool IsVersionName(string name) =>
        name.Length > 0
        && name.All(char.IsAsciiDigit)
        && long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
        && version > 0;

    /// <summary><paramref name="source"/> itself when it is a version folder, else its version folders; throws when there are none.</summary>
    public static IReadOnlyList<string> VersionDirectories(string source)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));
        if (!Directory.Exists(full))
        {
            throw ServingException.NotFound($"{source}: no such folder");
        }

        if (IsVersionName(Path.GetFileName(full)))
        {
            return [full];
        }

        var versions = Directory.EnumerateDirectories(full).Where(d => IsVersionName(Path.GetFileName(d))).Order(StringComparer.Ordinal).ToArray();
        return versions.Length > 0
            ? versions
            : throw ServingException.InvalidArgument($"{source}: neither a version folder (named by a number) nor a base path holding version folders");
    }

    /// <summary>Every file below <paramref name="versionDirectory"/>, in ordinal order, without our temporary files.</summary>
    public static IReadOnlyList<ModelFile> Files(string versionDirectory) =>
        Directory.EnumerateFiles(versionDirectory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(TemporarySuffix, StringComparison.Ordinal))
            .Select(f => new ModelFile(versionDirectory, Path.GetRelativePath(versionDirectory, f).Replace('\\', '/')))
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal)
            .ToArray();

    /// <summary>Every file of a base path or a version folder (for seal, unseal and rekey).</summary>
    public static IReadOnlyList<ModelFile> ModelFiles(string source) => VersionDirectories(source).SelectMany(Files).ToArray();

    /// <summary>
    /// Any file or folder, for <c>inspect</c>: each file with the version folder it sits in (the nearest
    /// ancestor named by a number), or its own folder when it is in none.
    /// </summary>
    public static IReadOnlyList<ModelFile> AnyFiles(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        IEnumerable<string> files = File.Exists(full) ? [full]
            : Directory.Exists(full) ? Directory.EnumerateFiles(full, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : throw ServingException.NotFound($"{path}: no such file or folder");
        return files.Where(f => !f.EndsWith(TemporarySuffix, StringComparison.Ordinal)).Select(Locate).ToArray();
    }

    /// <summary>Where <paramref name="file"/> of <paramref name="source"/> goes below <paramref name="destination"/> (the same layout).</summary>
    public static ModelFile MapTo(ModelFile file, string source, string destination)
    {
        var sourceRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source));
        var destinationRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
        var version = Path.GetRelativePath(sourceRoot, file.VersionDirectory);
        return file with { VersionDirectory = Path.GetFullPath(Path.Combine(destinationRoot, version)) };
    }

    /// <summary>Refuses a destination equal to the source or inside it (it would be read while written).</summary>
    public static void CheckSeparate(string source, string destination)
    {
        var from = Path.TrimEndingDirectorySeparator(Path.GetFullPath(source)) + Path.DirectorySeparatorChar;
        var to = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination)) + Path.DirectorySeparatorChar;
        if (to.StartsWith(from, StringComparison.Ordinal) || from.StartsWith(to, StringComparison.Ordinal))
        {
            throw ServingException.InvalidArgument($"--out {destination} must be outside {source}");
        }
    }

    private static ModelFile Locate(string file)
    {
        for (var dir = Path.GetDirectoryName(file); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (IsVersionName(Path.GetFileName(dir)))
            {
                return new ModelFile(dir, Path.GetRelativePath(dir, file).Replace('\\', '/'));
            }
        }

        return new ModelFile(Path.GetDirectoryName(file)!, Path.GetFileName(file));
    }
}
