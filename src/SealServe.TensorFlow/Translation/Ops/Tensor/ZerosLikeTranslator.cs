using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>A tensor of x's shape filled with 0 or 1 of x's type.</summary>
[TfOp("ZerosLike", Onnx = "ConstantOfShape(Shape)")]
[TfOp("OnesLike", Onnx = "ConstantOfShape(Shape)")]
internal sealed class ZerosLikeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var type = node.GetType("T");
        if (type == Core.Tensors.DataType.String)
        {
            throw node.Error("string tensors have no ONNX ConstantOfShape.");
        }

        var value = TensorValue.FromDoubles(type, [1], [node.Op == "OnesLike" ? 1 : 0]).ToOnnx("value");
        var shape = context.Emit("Shape", [context.Input(node, 0)]);
        context.Emit("ConstantOfShape", [shape], [OnnxAttr.Tensor("value", value)], context.Output(node));
    }
}
