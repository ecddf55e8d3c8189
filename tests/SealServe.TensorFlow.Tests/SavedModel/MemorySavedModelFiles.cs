using SealServe.TensorFlow.SavedModel;

namespace SealServe.TensorFlow.Tests.SavedModel;

/// <summary>A SavedModel folder copied into memory, so tests can damage or remove files without touching the corpus.</summary>
internal sealed class MemorySavedModelFiles : ISavedModelFiles
{
    private readonly Dictionary<string, byte[]> files = new(StringComparer.Ordinal);

    public static MemorySavedModelFiles From(string folder)
    {
        var copy = new MemorySavedModelFiles();
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            copy.files[Path.GetRelativePath(folder, file).Replace('\\', '/')] = File.ReadAllBytes(file);
        }

        return copy;
    }

    public byte[] this[string path]
    {
        get => files[path];
        set => files[path] = value;
    }

    public void Remove(string path) => files.Remove(path);

    public bool Exists(string relativePath) => files.ContainsKey(relativePath);

    public IReadOnlyList<string> List(string relativeFolder) =>
        files.Keys.Where(k => k.StartsWith(relativeFolder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    /// <summary>A copy, as the real readers hand out buffers the caller may clear.</summary>
    public byte[] ReadAll(string relativePath) => (byte[])files[relativePath].Clone();
}
