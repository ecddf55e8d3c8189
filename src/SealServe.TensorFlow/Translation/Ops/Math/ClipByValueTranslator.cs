namespace SealServe.TensorFlow.Translation.Ops.Math;

[TfOp("ClipByValue", Onnx = "Max + Min", Notes = "Bounds may be tensors that broadcast (ONNX Clip wants scalars).")]
internal sealed class ClipByValueTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var lower = context.Emit("Max", [context.Input(node, 0), context.Input(node, 1)]);
        context.Emit("Min", [lower, context.Input(node, 2)], output: context.Output(node));
    }
}
