namespace SealServe.TensorFlow.SavedModel;

/// <summary>The files of a SavedModel folder on the local disk, read as they are (no unsealing): for tools and tests.</summary>
public sealed class DirectorySavedModelFiles(string folder) : ISavedModelFiles
{
    public string Folder { get; } = Path.GetFullPath(folder);

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Folder, relativePath));

    public IReadOnlyList<string> List(string relativeFolder)
    {
        var root = Path.Combine(Folder, relativeFolder);
        return Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
                .Select(f => Path.GetRelativePath(Folder, f).Replace('\\', '/'))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];
    }

    public byte[] ReadAll(string relativePath) => File.ReadAllBytes(Path.Combine(Folder, relativePath));
}
