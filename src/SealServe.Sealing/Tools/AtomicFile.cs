namespace SealServe.Sealing.Tools;

/// <summary>
/// Writes a file so that readers see the old content or the whole new one, never a mix: write a hidden
/// temporary file beside it, flush it to disk, rename it into place. A failure deletes the temporary file.
/// </summary>
internal static class AtomicFile
{
    /// <param name="path">The file to create or replace.</param>
    /// <param name="write">Writes the new content.</param>
    /// <param name="overwrite">False refuses an existing file (the rename fails instead of replacing it).</param>
    /// <param name="mode">Permissions set when the temporary file is created, so the content is never readable more widely (key files: 0600).</param>
    public static void Write(string path, Action<Stream> write, bool overwrite, UnixFileMode? mode = null)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}{ModelTree.TemporarySuffix}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (mode is { } unixMode && !OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = unixMode;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

            if (!overwrite && File.Exists(path))
            {
                throw new IOException($"{path} already exists");
            }

            File.Move(temporary, path, overwrite);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
