namespace SealServe.Sealing;

/// <summary>
/// The path a sealed file is bound to: <c>&lt;model folder&gt;/&lt;version folder&gt;/&lt;relative path&gt;</c>, e.g.
/// <c>half_plus_two/1/variables/variables.index</c>. Moving the file to another relative path, another version
/// folder or another model's base path changes it, and the server refuses the file; moving the whole model
/// folder elsewhere (a new mount point, a bucket prefix) keeps it, so deployment tooling keeps working.
/// </summary>
internal static class SealedPath
{
    /// <param name="versionDirectory"><c>base_path/&lt;version folder&gt;</c>, as the model source lists it: a local path or an object-store URI (<c>s3://bucket/prefix/m/1</c>).</param>
    /// <param name="relativePath">The file inside the version folder, with either separator.</param>
    public static string For(string versionDirectory, string relativePath)
    {
        var version = versionDirectory.Contains("://", StringComparison.Ordinal)
            ? versionDirectory.TrimEnd('/')
            : Path.TrimEndingDirectorySeparator(Path.GetFullPath(versionDirectory));
        var model = Path.GetFileName(Path.GetDirectoryName(version)) ?? string.Empty;
        return $"{model}/{Path.GetFileName(version)}/{relativePath.Replace('\\', '/').TrimStart('/')}";
    }
}
