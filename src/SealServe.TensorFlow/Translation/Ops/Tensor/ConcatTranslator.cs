using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Concatenation along a constant axis (the last input of ConcatV2, the first of Concat).</summary>
[TfOp("ConcatV2", "Concat", Onnx = "Concat")]
internal sealed class ConcatTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axisIndex = node.Op == "ConcatV2" ? node.Inputs.Count - 1 : 0;
        var axis = context.RequireConstant(node, axisIndex, "axis").ToInt64s()[0];
        var values = Enumerable.Range(0, node.Inputs.Count).Where(i => i != axisIndex).Select(i => context.Input(node, i)).ToArray();
        context.Emit("Concat", values, [OnnxAttr.Int("axis", axis)], context.Output(node));
    }
}
