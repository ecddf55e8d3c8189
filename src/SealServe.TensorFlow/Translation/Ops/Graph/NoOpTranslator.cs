namespace SealServe.TensorFlow.Translation.Ops.Graph;

/// <summary>NoOp only orders side effects through control edges, which translation drops.</summary>
[TfOp("NoOp", Onnx = "— (nothing)")]
internal sealed class NoOpTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
    }
}
