namespace SealServe.TensorFlow.Translation.Ops.Graph;

/// <summary>An unfed <c>PlaceholderWithDefault</c> is its default value.</summary>
[TfOp("PlaceholderWithDefault", Onnx = "graph input, or its default (no node)", Notes = "Fed: a graph input. Not fed: the default input.")]
internal sealed class PlaceholderWithDefaultTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) => context.Alias(node, 0, context.Input(node, 0));
}
