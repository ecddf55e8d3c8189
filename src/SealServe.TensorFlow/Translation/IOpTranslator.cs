namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Translates one TensorFlow node into ONNX nodes. Implementations are <c>internal sealed</c>, carry a
/// <see cref="TfOpAttribute"/> naming their ops, keep no state and do no I/O.
/// </summary>
internal interface IOpTranslator
{
    /// <summary>Emits the ONNX nodes computing every output of <paramref name="node"/> through <paramref name="context"/>.</summary>
    void Translate(TfNode node, TranslationContext context);
}
