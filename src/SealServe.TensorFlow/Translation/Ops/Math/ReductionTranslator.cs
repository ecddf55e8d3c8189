using System.Collections.Frozen;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Reductions over the axes given as input 1, keep_dims as keepdims; no axes reduce nothing, as TF.</summary>
[TfOp("Sum", Onnx = "ReduceSum")]
[TfOp("Mean", Onnx = "ReduceMean")]
[TfOp("Max", Onnx = "ReduceMax")]
[TfOp("Min", Onnx = "ReduceMin")]
[TfOp("Prod", Onnx = "ReduceProd")]
[TfOp("EuclideanNorm", Onnx = "ReduceL2")]
internal sealed class ReductionTranslator : IOpTranslator
{
    private static readonly FrozenDictionary<string, string> OnnxOps = TfOpAttribute.OnnxOpsOf<ReductionTranslator>();

    public void Translate(TfNode node, TranslationContext context)
    {
        var axes = context.Int64Vector(node, 1);
        context.Emit(
            OnnxOps[node.Op],
            [context.Input(node, 0), axes],
            [OnnxAttr.Int("keepdims", node.GetBool("keep_dims") ? 1 : 0), OnnxAttr.Int("noop_with_empty_axes", 1)],
            context.Output(node));
    }
}
