namespace SealServe.TestKit;

/// <summary>The checkout's root folder (the one holding SealServe.slnx), found from the test binaries.</summary>
public static class RepositoryRoot
{
    /// <summary>Absolute path of the repository root.</summary>
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SealServe.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"SealServe.slnx not found above {AppContext.BaseDirectory}.");
    }
}
