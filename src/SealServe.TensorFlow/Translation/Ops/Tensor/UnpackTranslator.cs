using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Splits a tensor into its N slices along an axis, removing that axis.</summary>
[TfOp("Unpack", Onnx = "Split + Squeeze")]
internal sealed class UnpackTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (axis, count) = (node.GetInt("axis", 0), (int)node.GetInt("num"));
        var parts = count == 1
            ? [context.Input(node, 0)]
            : context.EmitMulti("Split", [context.Input(node, 0)], [.. Enumerable.Range(0, count).Select(_ => context.NewValueName("split"))], [OnnxAttr.Int("axis", axis), OnnxAttr.Int("num_outputs", count)]);
        for (var i = 0; i < count; i++)
        {
            context.Emit("Squeeze", [parts[i], context.Int64s(axis)], output: context.Output(node, i));
        }
    }
}
