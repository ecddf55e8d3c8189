namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Gives the contents of the lookup table a graph node stands for (<c>HashTableV2</c>...), as the model's init op fills
/// it (<c>InitializeTableV2</c>, <c>InitializeTableFromTextFileV2</c> on an asset). Tables are immutable once a model is
/// loaded, so the translator bakes their contents into the ONNX model.
/// </summary>
public interface ITableResolver
{
    /// <summary>The table's keys and values; throws a <see cref="Core.Errors.ServingException"/> naming the table when nothing initializes it.</summary>
    LookupTableContents Resolve(Tensorflow.NodeDef tableNode);
}
