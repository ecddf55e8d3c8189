using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Stacks N tensors along a new axis.</summary>
[TfOp("Pack", Onnx = "Unsqueeze + Concat", Notes = "Negative axes count from the output's rank, as in both TF and ONNX.")]
internal sealed class PackTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axis = node.GetInt("axis", 0);
        var values = Enumerable.Range(0, node.Inputs.Count).Select(i => context.Unsqueeze(context.Input(node, i), axis)).ToArray();
        context.Emit("Concat", values, [OnnxAttr.Int("axis", axis)], context.Output(node));
    }
}
