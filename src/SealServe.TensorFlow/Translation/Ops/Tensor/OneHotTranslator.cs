using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>One-hot encoding along <c>axis</c> (default -1).</summary>
[TfOp("OneHot", Onnx = "OneHot (+ Where)", Notes = "Negative indices give all off_value, as TF (ONNX would count them from the end).")]
internal sealed class OneHotTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var indices = context.Int64Input(node, 0);
        var depth = context.Int64Input(node, 1);
        var outOfRange = context.Emit("Less", [indices, context.AddConstant(TensorValue.Scalar(0L))]);
        indices = context.Emit("Where", [outOfRange, depth, indices]);
        var values = context.Emit("Concat", [context.Unsqueeze(context.Input(node, 3), 0), context.Unsqueeze(context.Input(node, 2), 0)], [OnnxAttr.Int("axis", 0)]);
        context.Emit("OneHot", [indices, depth, values], [OnnxAttr.Int("axis", node.GetInt("axis", -1))], context.Output(node));
    }
}
