namespace SealServe.TestKit;

/// <summary>A model base path in a temporary folder, deleted on dispose. Versions appear atomically (written aside, then renamed in).</summary>
public sealed class TempModelRepository : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("sealserve-test-").FullName;

    public TempModelRepository()
    {
        BasePath = Path.Combine(root, "model");
        Directory.CreateDirectory(BasePath);
    }

    /// <summary>The base path holding the numbered version folders.</summary>
    public string BasePath { get; }

    /// <summary>Adds <c>&lt;version&gt;/&lt;fileName&gt;</c> with <paramref name="content"/>, renamed into place so a poll never sees half a file.</summary>
    public string AddVersion(string versionFolder, byte[] content, string fileName = "model.onnx") =>
        AddVersion(versionFolder, (fileName, content));

    /// <summary>Adds a version folder holding <paramref name="files"/> (paths relative to it), renamed into place whole.</summary>
    public string AddVersion(string versionFolder, params (string Path, byte[] Content)[] files)
    {
        var staging = Path.Combine(root, "staging-" + Guid.NewGuid().ToString("N"));
        foreach (var (path, content) in files)
        {
            var file = Path.Combine(staging, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }

        var target = Path.Combine(BasePath, versionFolder);
        Directory.Move(staging, target);
        return target;
    }

    /// <summary>Adds a version folder that links to an existing folder (e.g. a corpus model), without copying it.</summary>
    public string LinkVersion(string versionFolder, string targetFolder)
    {
        var link = Path.Combine(BasePath, versionFolder);
        Directory.CreateSymbolicLink(link, targetFolder);
        return link;
    }

    public void RemoveVersion(string versionFolder) => Directory.Delete(Path.Combine(BasePath, versionFolder), recursive: true);

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a server under test may still hold a file open.
        }
    }
}
