using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>The k largest values along the last axis, sorted, with their int32 indices.</summary>
[TfOp("TopKV2", "TopK", Onnx = "TopK + Cast", Notes = "Ties keep the lower index first, as TF.")]
internal sealed class TopKTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var k = node.Op == "TopK" ? context.Int64s(node.GetInt("k")) : context.Int64Vector(node, 1);
        var indexType = node.HasAttr("index_type") ? node.GetType("index_type") : DataType.Int32;
        var indices = indexType == DataType.Int64 ? context.Output(node, 1) : context.NewValueName("indices");
        context.EmitMulti("TopK", [context.Input(node, 0), k], [context.Output(node, 0), indices], [OnnxAttr.Int("axis", -1), OnnxAttr.Int("largest", 1), OnnxAttr.Int("sorted", 1)]);
        if (indexType != DataType.Int64)
        {
            context.Emit("Cast", [indices], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(indexType))], context.Output(node, 1));
        }
    }
}
