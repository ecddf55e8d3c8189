using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>All/Any: ONNX reductions take no booleans, so they run on 0/1 integers.</summary>
[TfOp("All", Onnx = "Cast + ReduceMin + Cast")]
[TfOp("Any", Onnx = "Cast + ReduceMax + Cast")]
internal sealed class LogicalReductionTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var values = context.CastTo(context.Input(node, 0), DataType.Int32);
        var reduced = context.Emit(
            node.Op == "All" ? "ReduceMin" : "ReduceMax",
            [values, context.Int64Vector(node, 1)],
            [OnnxAttr.Int("keepdims", node.GetBool("keep_dims") ? 1 : 0), OnnxAttr.Int("noop_with_empty_axes", 1)]);
        context.Emit("Cast", [reduced], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(DataType.Bool))], context.Output(node));
    }
}
