using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.Sealing.Storage;

namespace SealServe.Models.Tests.Management;

/// <summary>Version folders that exist only in memory: listed, removed and "changed" (a new fingerprint) by the test.</summary>
internal sealed class FakeModelSource : IModelSource
{
    private readonly SortedDictionary<long, int> versions = [];

    public IReadOnlyList<VersionDirectory> ListVersions(string basePath)
    {
        lock (versions)
        {
            return versions.Keys.Select(v => Directory(basePath, v)).ToArray();
        }
    }

    public string Fingerprint(VersionDirectory directory)
    {
        lock (versions)
        {
            return $"{directory.Path}#{versions.GetValueOrDefault(directory.Version)}";
        }
    }

    public void Add(long version)
    {
        lock (versions)
        {
            versions[version] = 1;
        }
    }

    public void Remove(long version)
    {
        lock (versions)
        {
            versions.Remove(version);
        }
    }

    /// <summary>The folder's files changed (a copy finished, a file was replaced).</summary>
    public void Touch(long version)
    {
        lock (versions)
        {
            versions[version]++;
        }
    }

    public static VersionDirectory Directory(string basePath, long version) => new(version, new FolderVersion($"{basePath}/{version}"));
}

/// <summary>
/// A loader scripted per version folder: <c>ok</c> loads, <c>fail:&lt;why&gt;</c> throws INVALID_ARGUMENT (cannot heal),
/// <c>io:N</c> throws an IOException N times then loads, <c>iohang:N</c> then hangs, <c>hang</c> blocks in an uncancellable wait (a read from a FIFO)
/// until <see cref="Unblock"/>. A folder without a script holds no model yet.
/// </summary>
internal sealed class FakeLoader : IModelLoader
{
    private readonly Dictionary<string, string> scripts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> attempts = new(StringComparer.Ordinal);
    private readonly ManualResetEventSlim unblock = new();
    private readonly TaskCompletionSource hanging = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public List<FakeServable> Loaded { get; } = [];

    public string Format => "fake";

    /// <summary>Completes once a <c>hang</c> load is blocked.</summary>
    public Task Hanging => hanging.Task;

    public void Script(VersionDirectory directory, string script)
    {
        lock (scripts)
        {
            scripts[directory.Path] = script;
        }
    }

    public int Attempts(VersionDirectory directory)
    {
        lock (scripts)
        {
            return attempts.GetValueOrDefault(directory.Path);
        }
    }

    public void Unblock() => unblock.Set();

    public bool CanLoad(VersionDirectory directory)
    {
        lock (scripts)
        {
            return scripts.ContainsKey(directory.Path);
        }
    }

    public IServable Load(VersionDirectory directory, IVersionFiles files, CancellationToken cancellationToken)
    {
        string script;
        int attempt;
        lock (scripts)
        {
            script = scripts[directory.Path];
            attempt = attempts[directory.Path] = attempts.GetValueOrDefault(directory.Path) + 1;
        }

        switch (script.Split(':', 2))
        {
            case ["fail", var why]:
                throw ServingException.InvalidArgument(why);
            case ["io", var times] when attempt <= int.Parse(times, System.Globalization.CultureInfo.InvariantCulture):
                throw new IOException($"attempt {attempt}: storage not ready");
            case ["iohang", var times] when attempt <= int.Parse(times, System.Globalization.CultureInfo.InvariantCulture):
                throw new IOException($"attempt {attempt}: storage not ready");
            case ["hang"] or ["iohang", _]:
                hanging.TrySetResult();
                unblock.Wait(CancellationToken.None);
                break;
        }

        var servable = new FakeServable(directory.Version);
        lock (Loaded)
        {
            Loaded.Add(servable);
        }

        return servable;
    }
}

/// <summary>Model files in memory, by <c>version folder/relative path</c> (the manager itself reads only warmup files).</summary>
internal sealed class FakeModelFiles : IModelFiles
{
    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    public IVersionFiles Open(IStoredVersion version) => new Version(this, version.Location);

    private sealed class Version(FakeModelFiles files, string directory) : IVersionFiles
    {
        public string Directory => directory;

        public bool Exists(string relativePath) => files.Files.ContainsKey($"{directory}/{relativePath}");

        public ModelFileBuffer ReadAll(string relativePath) => new((byte[])files.Files[$"{directory}/{relativePath}"].Clone());

        public IReadOnlyList<string> List(string relativeFolder) => [];

        public void VerifyUnread(CancellationToken cancellationToken)
        {
        }
    }
}

/// <summary>A servable whose one output is its own version number.</summary>
internal sealed class FakeServable(long version) : IServable
{
    private static readonly TensorSpec Spec = new("x", DataType.Float, ShapeSpec.AnyRank);

    public long Version { get; } = version;

    public bool Disposed { get; private set; }

    public IReadOnlyDictionary<string, Signature> Signatures { get; } = new Dictionary<string, Signature>
    {
        [Signature.DefaultKey] = new(Signature.DefaultKey, Signature.PredictMethod, new Dictionary<string, TensorSpec> { ["x"] = Spec }, new Dictionary<string, TensorSpec> { ["y"] = Spec with { Name = "y" } }),
    };

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        return ValueTask.FromResult(new[] { Tensor.FromValues(TensorShape.Scalar, (float)Version) });
    }

    public void Dispose() => Disposed = true;
}
