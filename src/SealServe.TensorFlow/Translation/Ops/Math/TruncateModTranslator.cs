using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Remainder with the dividend's sign (C's fmod).</summary>
[TfOp("TruncateMod", Onnx = "Mod (fmod=1)")]
internal sealed class TruncateModTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context) => context.EmitSame(node, "Mod", [OnnxAttr.Int("fmod", 1)]);
}
