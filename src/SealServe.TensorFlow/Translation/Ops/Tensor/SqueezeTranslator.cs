namespace SealServe.TensorFlow.Translation.Ops.Tensor;

[TfOp("Squeeze", Onnx = "Squeeze", Notes = "No squeeze_dims removes every size-1 dimension, as in TF.")]
internal sealed class SqueezeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axes = node.GetInts("squeeze_dims");
        var x = context.Input(node, 0);
        context.Emit("Squeeze", axes.Count == 0 ? [x] : [x, context.Int64s([.. axes])], output: context.Output(node));
    }
}
