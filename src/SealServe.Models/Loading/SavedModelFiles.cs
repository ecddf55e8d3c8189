using SealServe.Sealing;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Models.Loading;

/// <summary>
/// Hands the importer the files of one version folder through <see cref="IVersionFiles"/>, so sealed SavedModels
/// are unsealed in memory like any other model. Every buffer handed out is zeroed on <see cref="Dispose"/>,
/// once the engine has taken the translated model.
/// </summary>
internal sealed class SavedModelFiles(IVersionFiles files) : ISavedModelFiles, IDisposable
{
    private readonly List<ModelFileBuffer> buffers = [];

    public bool Exists(string relativePath) => files.Exists(relativePath);

    public IReadOnlyList<string> List(string relativeFolder) => files.List(relativeFolder);

    public byte[] ReadAll(string relativePath)
    {
        var buffer = files.ReadAll(relativePath);
        buffers.Add(buffer);
        return buffer.Bytes;
    }

    public void Dispose()
    {
        foreach (var buffer in buffers)
        {
            buffer.Dispose();
        }

        buffers.Clear();
    }
}
