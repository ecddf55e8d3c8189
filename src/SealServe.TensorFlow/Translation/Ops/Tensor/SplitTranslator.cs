using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Split into num_split equal parts along a constant axis (input 0).</summary>
[TfOp("Split", Onnx = "Split (num_outputs)")]
internal sealed class SplitTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axis = context.RequireConstant(node, 0, "split_dim").ToInt64s()[0];
        var count = (int)node.GetInt("num_split");
        if (count == 1)
        {
            context.Alias(node, 0, context.Input(node, 1));
            return;
        }

        context.EmitMulti("Split", [context.Input(node, 1)], [.. Enumerable.Range(0, count).Select(i => context.Output(node, i))], [OnnxAttr.Int("axis", axis), OnnxAttr.Int("num_outputs", count)]);
    }
}
