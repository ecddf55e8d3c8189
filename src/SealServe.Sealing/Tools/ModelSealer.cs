using SealServe.Core.Errors;
using SealServe.Sealing.Format;
using SealServe.Sealing.Keys;

namespace SealServe.Sealing.Tools;

/// <summary>
/// <c>sealserve seal</c>: seals every file of a version folder or of a whole base path, in place or into
/// <c>--out</c>, one file at a time and atomically, then writes each version's sealed manifest (the list of its
/// files), last. Everything is checked before anything is written: an already sealed file or an existing
/// destination refuses the whole run.
/// </summary>
internal sealed class ModelSealer(KeyEncryptionKey key, IProgress<FileProgress>? progress = null)
{
    /// <summary>Seals <paramref name="source"/>; returns the files written (at their destination).</summary>
    public IReadOnlyList<ModelFile> Seal(string source, string? destination, DateTimeOffset? notAfter, int chunkSize = SealedFormat.DefaultChunkSize)
    {
        if (destination is not null)
        {
            ModelTree.CheckSeparate(source, destination);
        }

        var plan = ModelTree.ModelFiles(source)
            .Select(file => (Source: file, Target: destination is null ? file : ModelTree.MapTo(file, source, destination)))
            .ToArray();
        Refuse(plan.Where(p => IsSealed(p.Source.FullPath)).Select(p => p.Source.FullPath), "already sealed (sealing twice is refused)");
        Refuse(plan.Where(p => p.Source.IsManifest).Select(p => p.Source.FullPath), "a name reserved for the sealed manifest");
        if (destination is not null)
        {
            Refuse(plan.Where(p => File.Exists(p.Target.FullPath)).Select(p => p.Target.FullPath), "already exists at the destination");
        }

        // Whole seconds: what the header stores, so what is reported is what is enforced.
        var expiry = notAfter is { } date ? DateTimeOffset.FromUnixTimeSeconds(date.ToUnixTimeSeconds()) : (DateTimeOffset?)null;
        var written = new List<ModelFile>();
        foreach (var version in plan.GroupBy(p => p.Target.VersionDirectory, StringComparer.Ordinal))
        {
            var sealIds = version.Select(p => (p.Target.RelativePath, SealFile(p.Source, p.Target, new SealParameters(p.Target.BoundPath, expiry, chunkSize)))).ToArray();
            written.AddRange(version.Select(p => p.Target));
            written.Add(WriteManifest(version.Key, SealedManifest.Create(sealIds), expiry, chunkSize));
        }

        return written;
    }

    /// <summary>Written last, once every file of the version is sealed: a version with a manifest is complete.</summary>
    private ModelFile WriteManifest(string versionDirectory, SealedManifest manifest, DateTimeOffset? expiry, int chunkSize)
    {
        var file = new ModelFile(versionDirectory, SealedManifest.FileName);
        var text = manifest.Encode();
        AtomicFile.Write(file.FullPath, output => SealedFileWriter.Write(new MemoryStream(text), text.Length, output, key, new SealParameters(file.BoundPath, expiry, chunkSize)), overwrite: false);
        return file;
    }

    private static bool IsSealed(string path)
    {
        using var stream = File.OpenRead(path);
        return SealedFileHeader.Peek(stream) != SealedFileKind.Plain;
    }

    private static void Refuse(IEnumerable<string> files, string reason)
    {
        var list = files.ToArray();
        if (list.Length > 0)
        {
            var shown = string.Join(", ", list.Take(5)) + (list.Length > 5 ? $" and {list.Length - 5} more" : string.Empty);
            throw new ServingException(StatusCode.AlreadyExists, $"{shown}: {reason}; nothing was changed");
        }
    }

    /// <summary>Seals one file; returns its seal id.</summary>
    private string SealFile(ModelFile from, ModelFile to, SealParameters parameters)
    {
        using var input = new FileStream(from.FullPath, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var length = input.Length;
        progress?.Report(new FileProgress(to.FullPath, 0, length));
        string? sealId = null;
        AtomicFile.Write(
            to.FullPath,
            output => sealId = SealedFileWriter.Write(input, length, output, key, parameters, done => progress?.Report(new FileProgress(to.FullPath, done, length))),
            overwrite: InPlace(from, to));
        return sealId!;
    }

    /// <summary>In place the sealed file replaces the plain one; into --out it must not replace anything.</summary>
    private static bool InPlace(ModelFile from, ModelFile to) => from.FullPath == to.FullPath;
}
