using SealServe.Sealing.Format;
using SealServe.Sealing.Storage;

namespace SealServe.Sealing;

/// <summary>
/// A sealed version, opened after checking it against its manifest: the files present are exactly those the
/// manifest lists, and none is plain. Each file read must then be the very sealing the manifest names, and
/// <see cref="VerifyUnread"/> authenticates those no loader read.
/// </summary>
internal sealed class SealedVersionFiles : IVersionFiles
{
    private readonly IStoredVersion version;
    private readonly FileUnsealer unsealer;
    private readonly SealedManifest manifest;
    private readonly HashSet<string> read = new(StringComparer.Ordinal);

    private SealedVersionFiles(IStoredVersion version, FileUnsealer unsealer, SealedManifest manifest)
    {
        this.version = version;
        this.unsealer = unsealer;
        this.manifest = manifest;
    }

    public string Directory => version.Location;

    /// <summary>Checks the version folder against its manifest; <paramref name="files"/> is what it holds (<see cref="VersionFolder.Classify"/>).</summary>
    public static SealedVersionFiles Open(IStoredVersion version, IReadOnlyDictionary<string, SealedFileKind> files, FileUnsealer unsealer)
    {
        var directory = version.Location;
        foreach (var (path, kind) in files)
        {
            if (kind == SealedFileKind.DamagedSeal)
            {
                throw SealingErrors.DamagedMagic(Path.Combine(directory, path));
            }
        }

        var manifestPath = Path.Combine(directory, SealedManifest.FileName);
        if (!files.ContainsKey(SealedManifest.FileName))
        {
            throw SealingErrors.ManifestMissing(manifestPath);
        }

        var manifest = SealedManifest.Parse(unsealer.ReadAll(version, SealedManifest.FileName, sealId: null), manifestPath);
        var problems = new List<string>();
        foreach (var (path, kind) in files)
        {
            var full = Path.Combine(directory, path);
            if (kind == SealedFileKind.Plain && path != SealedManifest.FileName)
            {
                problems.Add(SealingErrors.PlainInSealedVersion(full));
            }
            else if (!manifest.Files.ContainsKey(path) && path != SealedManifest.FileName)
            {
                problems.Add(SealingErrors.NotInManifest(full));
            }
        }

        problems.AddRange(manifest.Files.Keys.Where(p => !files.ContainsKey(p)).Select(p => SealingErrors.MissingFromVersion(Path.Combine(directory, p))));
        return problems.Count == 0 ? new SealedVersionFiles(version, unsealer, manifest) : throw SealingErrors.NotAsSealed(directory, problems);
    }

    public bool Exists(string relativePath) => manifest.Files.ContainsKey(relativePath.Replace('\\', '/'));

    public ModelFileBuffer ReadAll(string relativePath)
    {
        var path = relativePath.Replace('\\', '/');
        var sealId = manifest.Files.GetValueOrDefault(path) ?? throw SealingErrors.NotAsSealed(Directory, [SealingErrors.NotInManifest(Path.Combine(Directory, relativePath))]);
        var buffer = new ModelFileBuffer(unsealer.ReadAll(version, path, sealId));
        lock (read)
        {
            read.Add(path);
        }

        return buffer;
    }

    public IReadOnlyList<string> List(string relativeFolder) => PlainVersionFiles.Under(manifest.Files.Keys, relativeFolder);

    public void VerifyUnread(CancellationToken cancellationToken)
    {
        foreach (var (path, sealId) in manifest.Files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool done;
            lock (read)
            {
                done = read.Contains(path);
            }

            if (!done)
            {
                unsealer.Authenticate(version, path, sealId);
            }
        }
    }
}
