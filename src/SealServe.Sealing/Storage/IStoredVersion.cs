namespace SealServe.Sealing.Storage;

/// <summary>
/// One version folder as it is stored: a local folder (<see cref="FolderVersion"/>) or the objects under an
/// object-store prefix. Files are named by their path relative to the version folder, with '/' separators,
/// and read as streams, so their bytes go straight into memory wherever they come from.
/// </summary>
public interface IStoredVersion
{
    /// <summary>Where the version is stored: <c>/models/m/1</c> or <c>s3://bucket/models/m/1</c>. Errors name it; a sealed file is bound to its last two segments.</summary>
    string Location { get; }

    /// <summary>Every file of the version, ordinal order.</summary>
    IReadOnlyList<string> ListFiles();

    bool Exists(string relativePath);

    /// <summary>The whole file in one array of exactly its length (a plain file, handed to a loader as it is).</summary>
    byte[] ReadAll(string relativePath);

    /// <summary>The file's bytes from the start, for reading a chunk at a time (a sealed file). The stream may not seek (an object store's response).</summary>
    Stream OpenRead(string relativePath);

    /// <summary>Reads up to <paramref name="buffer"/>'s length from the file's start (to tell sealed files from plain ones); returns the count read.</summary>
    int ReadStart(string relativePath, Span<byte> buffer);
}
