using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Signatures fed through the same graph tensors, translated together into one ONNX model whose outputs are
/// the union of theirs (a run fetches only what its signature asks for).
/// </summary>
/// <param name="SignatureKeys">The signatures served by the group's model.</param>
/// <param name="Inputs">The fed tensors, named as the SignatureDefs name them.</param>
/// <param name="Outputs">Every tensor one of the signatures fetches.</param>
public sealed record SignatureGroup(IReadOnlyList<string> SignatureKeys, IReadOnlyList<GraphInput> Inputs, IReadOnlyList<string> Outputs);
