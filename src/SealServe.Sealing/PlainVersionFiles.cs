namespace SealServe.Sealing;

/// <summary>A version folder of plain files, read as they are.</summary>
public sealed class PlainVersionFiles(string directory) : IVersionFiles
{
    public string Directory { get; } = directory;

    public bool Exists(string relativePath) => File.Exists(Path.Combine(Directory, relativePath));

    public ModelFileBuffer ReadAll(string relativePath) => new(File.ReadAllBytes(Path.Combine(Directory, relativePath)));

    public void VerifyUnread(CancellationToken cancellationToken)
    {
    }
}
