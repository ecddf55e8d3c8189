using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Padding: TF's [rank, 2] paddings become ONNX's [begins..., ends...].</summary>
[TfOp("Pad", "PadV2", Onnx = "Pad (constant)", Notes = "PadV2's constant_values is the pad value.")]
[TfOp("MirrorPad", Onnx = "Pad (reflect)", Notes = "REFLECT only; ONNX has no SYMMETRIC mode.")]
internal sealed class PadTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var mode = "constant";
        if (node.Op == "MirrorPad")
        {
            mode = node.GetString("mode") == "REFLECT" ? "reflect" : throw node.Error($"mode {node.GetString("mode")} has no ONNX Pad mode.");
        }

        var pads = context.Emit("Reshape", [context.Transpose(context.Int64Input(node, 1), [1, 0]), context.Int64s(-1)]);
        string[] inputs = node.Op == "PadV2" ? [context.Input(node, 0), pads, context.Input(node, 2)] : [context.Input(node, 0), pads];
        context.Emit("Pad", inputs, [OnnxAttr.String("mode", mode)], context.Output(node));
    }
}
