using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Shape, Size and Rank: int64 in ONNX, cast to out_type (int32 by default in TF).</summary>
[TfOp("Shape", Onnx = "Shape (+ Cast)", Notes = "Folded to a constant when the input shape is static.")]
[TfOp("Size", Onnx = "Size (+ Cast)")]
[TfOp("Rank", Onnx = "Size(Shape) + Cast")]
internal sealed class ShapeTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var x = context.Input(node, 0);
        var value = node.Op switch
        {
            "Shape" => context.Emit("Shape", [x]),
            "Size" => context.Emit("Size", [x]),
            _ => context.Emit("Size", [context.Emit("Shape", [x])]),
        };
        var type = node.HasAttr("out_type") ? node.GetType("out_type") : DataType.Int32;
        context.Alias(node, 0, type == DataType.Int64 ? value : context.CastTo(value, type));
    }
}
