namespace SealServe.TensorFlow.Translation.Ops.Graph;

/// <summary>A placeholder the outputs need but the request does not feed: TF would fail at run time, we fail at load.</summary>
[TfOp("Placeholder", Onnx = "graph input", Notes = "Fed placeholders become graph inputs; an unfed one that the outputs need is an error.")]
internal sealed class PlaceholderTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) =>
        throw node.Error("the outputs need this placeholder, but it is not among the request's inputs.");
}
