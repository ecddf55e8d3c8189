using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Index of the largest/smallest value along a constant axis; ties give the first index, as TF.</summary>
[TfOp("ArgMax", Onnx = "ArgMax (keepdims=0)")]
[TfOp("ArgMin", Onnx = "ArgMin (keepdims=0)")]
internal sealed class ArgMaxTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axis = context.RequireConstant(node, 1, "dimension").ToInt64s()[0];
        var outputType = node.HasAttr("output_type") ? node.GetType("output_type") : DataType.Int64;
        var output = context.Output(node);
        var indices = context.Emit(
            node.Op,
            [context.Input(node, 0)],
            [OnnxAttr.Int("axis", axis), OnnxAttr.Int("keepdims", 0)],
            outputType == DataType.Int64 ? output : null);
        if (outputType != DataType.Int64)
        {
            context.Emit("Cast", [indices], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(outputType))], output);
        }
    }
}
