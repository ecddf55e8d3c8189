using SealServe.TensorFlow.SavedModel;

namespace SealServe.Fuzz.Targets;

/// <summary>A SavedModel folder in memory: the fuzzed bytes stand in for one or two of its files.</summary>
internal sealed class MemoryFiles(IReadOnlyDictionary<string, byte[]> files) : ISavedModelFiles
{
    public bool Exists(string relativePath) => files.ContainsKey(relativePath);

    public IReadOnlyList<string> List(string relativeFolder) =>
        files.Keys.Where(k => k.StartsWith(relativeFolder + "/", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToArray();

    public byte[] ReadAll(string relativePath) => (byte[])files[relativePath].Clone();
}
