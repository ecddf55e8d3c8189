using SealServe.Sealing.Format;

namespace SealServe.Sealing.Tests.Tools;

/// <summary>A SavedModel-shaped base path in a temporary folder: two versions, each with a graph, variables and an asset.</summary>
internal sealed class ModelFolder : IDisposable
{
    public static readonly string[] VersionFiles = ["assets/vocab.txt", "saved_model.pb", "variables/variables.data-00000-of-00001", "variables/variables.index"];

    private readonly DirectoryInfo root = Directory.CreateTempSubdirectory("sealserve-tools-");

    public ModelFolder()
    {
        BasePath = Path.Combine(root.FullName, "my_model");
        foreach (var version in new[] { "1", "00000002" })
        {
            foreach (var (file, index) in VersionFiles.Select((f, i) => (f, i)))
            {
                var path = Path.Combine(BasePath, version, file);
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllBytes(path, TestSealing.Bytes(100 + (index * 700), seed: index + version.Length));
            }
        }

        File.WriteAllText(Path.Combine(BasePath, "README.txt"), "not a version folder: ignored");
    }

    public string Root => root.FullName;

    public string BasePath { get; }

    /// <summary>Every file of every version, relative to the base path, with its content.</summary>
    public static Dictionary<string, byte[]> Snapshot(string basePath) =>
        new[] { "1", "00000002" }
            .SelectMany(v => VersionFiles.Select(f => Path.Combine(v, f)))
            .ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(basePath, f)));

    public static bool IsSealed(string path)
    {
        using var stream = File.OpenRead(path);
        return SealedFileHeader.Peek(stream) == SealedFileKind.Sealed;
    }

    public void Dispose() => root.Delete(recursive: true);
}
