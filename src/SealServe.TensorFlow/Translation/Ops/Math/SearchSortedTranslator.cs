using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>
/// For each value of row b, how many of row b's sorted inputs come before it: those ≤ it (UpperBound) or &lt; it
/// (LowerBound). A comparison of every value with every sorted input, summed: fine for bucket boundaries.
/// </summary>
[TfOp("UpperBound", Onnx = "LessOrEqual + Cast + ReduceSum", Notes = "Compares all pairs: memory grows with values × sorted inputs.")]
[TfOp("LowerBound", Onnx = "Less + Cast + ReduceSum", Notes = "Compares all pairs: memory grows with values × sorted inputs.")]
internal sealed class SearchSortedTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var sorted = context.Unsqueeze(context.Input(node, 0), 1);
        var values = context.Unsqueeze(context.Input(node, 1), 2);
        var before = context.Emit(node.Op == "UpperBound" ? "LessOrEqual" : "Less", [sorted, values]);
        var counts = context.Emit("ReduceSum", [context.CastTo(before, DataType.Int64), context.Int64s(2)], [OnnxAttr.Int("keepdims", 0)]);
        var type = node.HasAttr("out_type") ? node.GetType("out_type") : DataType.Int32;
        context.Alias(node, 0, type == DataType.Int64 ? counts : context.CastTo(counts, type));
    }
}
