using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>The distinct values of a vector in order of first appearance, and each element's index among them.</summary>
[TfOp("Unique", Onnx = "Unique (sorted=0) + Cast", Notes = "ONNX Runtime's Unique takes float, double, int8, int64 and string elements.")]
internal sealed class UniqueTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var indexType = node.HasAttr("out_idx") ? node.GetType("out_idx") : DataType.Int32;
        var inverse = indexType == DataType.Int64 ? context.Output(node, 1) : context.NewValueName("idx");
        context.EmitMulti("Unique", [context.Input(node, 0)], [context.Output(node, 0), string.Empty, inverse], [OnnxAttr.Int("sorted", 0)]);
        if (indexType != DataType.Int64)
        {
            context.Emit("Cast", [inverse], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(indexType))], context.Output(node, 1));
        }
    }
}
