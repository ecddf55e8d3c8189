using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Gathers slices along an axis: GatherV2's constant axis input, axis 0 for Gather and ResourceGather (a variable's initializer).</summary>
[TfOp("GatherV2", "Gather", Onnx = "Gather", Notes = "batch_dims must be 0.")]
[TfOp("ResourceGather", Onnx = "Gather (on the variable's initializer)", Notes = "Embedding lookups; batch_dims must be 0.")]
internal sealed class GatherTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        if (node.GetInt("batch_dims", 0) != 0)
        {
            throw node.Error("batch_dims other than 0 is not supported.");
        }

        var axis = node.Op == "GatherV2" ? context.RequireConstant(node, 2, "axis").ToInt64s()[0] : 0;
        context.Emit("Gather", [context.Input(node, 0), context.Input(node, 1)], [OnnxAttr.Int("axis", axis)], context.Output(node));
    }
}
