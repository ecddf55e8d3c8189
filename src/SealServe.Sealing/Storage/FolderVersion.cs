namespace SealServe.Sealing.Storage;

/// <summary>A version folder on the local file system.</summary>
public sealed class FolderVersion(string directory) : IStoredVersion
{
    public string Location { get; } = directory;

    public IReadOnlyList<string> ListFiles() =>
        Directory.EnumerateFiles(Location, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(Location, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Location, relativePath));

    public byte[] ReadAll(string relativePath) => File.ReadAllBytes(Path.Combine(Location, relativePath));

    // Unbuffered: callers read whole files or whole chunks straight into their own arrays.
    public Stream OpenRead(string relativePath) =>
        new FileStream(Path.Combine(Location, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);

    public int ReadStart(string relativePath, Span<byte> buffer)
    {
        using var stream = new FileStream(Path.Combine(Location, relativePath), FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
        return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
    }
}
