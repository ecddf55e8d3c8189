namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// The files of one SavedModel version folder, by path relative to it (<c>saved_model.pb</c>,
/// <c>variables/variables.index</c>...). The importer reads nothing else, so a host can hand it
/// plaintext of sealed files held in memory.
/// </summary>
public interface ISavedModelFiles
{
    bool Exists(string relativePath);

    /// <summary>Relative paths of the files under <paramref name="relativeFolder"/> (recursively), e.g. the assets.</summary>
    IReadOnlyList<string> List(string relativeFolder);

    /// <summary>The whole file. The caller may clear the array once done with it.</summary>
    byte[] ReadAll(string relativePath);
}
