using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Nn;

/// <summary>Batch normalization with stored statistics (inference); outputs 1 and 2 are the statistics used.</summary>
[TfOp("FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", Onnx = "Transpose + BatchNormalization + Transpose", Notes = "is_training must be false (a served model uses its moving statistics).")]
internal sealed class FusedBatchNormTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        if (node.GetBool("is_training", true))
        {
            throw node.Error("is_training is true; only inference batch normalization (moving mean and variance) can be translated.");
        }

        var rank = context.RankOf(context.Input(node, 0)) ?? 4;
        var layout = SpatialLayout.Of(node, rank);
        var x = layout.ToChannelsFirst(context, context.Input(node, 0));
        var inputs = Enumerable.Range(1, 4).Select(i => context.Input(node, i)).Prepend(x).ToArray();
        layout.EmitChannelsFirst(context, "BatchNormalization", inputs, [OnnxAttr.Float("epsilon", node.GetFloat("epsilon", 1e-4f))]);
        context.Alias(node, 1, context.Input(node, 3));
        context.Alias(node, 2, context.Input(node, 4));
    }
}
