using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>
/// numpy-style slicing. Each entry of begin/end/strides is a slice spec; the masks make it "whole range"
/// (begin_mask, end_mask), "one index, dimension removed" (shrink_axis_mask), "new size-1 dimension"
/// (new_axis_mask) or "the remaining dimensions" (ellipsis_mask). Specs before the ellipsis address
/// axes from the front, specs after it from the back (negative ONNX axes), so the input rank is never needed.
/// </summary>
[TfOp("StridedSlice", Onnx = "Slice + Squeeze + Unsqueeze", Notes = "All five masks. strides must be constant; begin/end may be computed.")]
internal sealed class StridedSliceTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var strides = context.RequireConstant(node, 3, "strides").ToInt64s();
        var plan = StridedSlicePlan.Create(node, strides);
        var value = context.Input(node, 0);
        if (plan.Slices.Count > 0)
        {
            value = context.Emit("Slice", [value, Starts(node, context, plan), Ends(node, context, plan), context.Int64s([.. plan.Slices.Select(s => s.Axis)]), context.Int64s([.. plan.Slices.Select(s => s.Stride)])]);
        }

        if (plan.ShrinkAxes.Count > 0)
        {
            value = context.Squeeze(value, [.. plan.ShrinkAxes]);
        }

        if (plan.NewAxes.Count > 0)
        {
            value = context.Unsqueeze(value, [.. plan.NewAxes]);
        }

        context.Alias(node, 0, value);
    }

    /// <summary>begin[spec], or the whole-range start where begin_mask is set.</summary>
    private static string Starts(TfNode node, TranslationContext context, StridedSlicePlan plan) => Pick(
        context,
        Gather(node, context, 1, plan),
        [.. plan.Slices.Select(s => s.BeginMasked)],
        [.. plan.Slices.Select(s => s.Stride > 0 ? 0 : long.MaxValue)]);

    /// <summary>end[spec]; the whole-range end where end_mask is set; begin + 1 for shrunk specs (the end of the axis when begin is -1).</summary>
    private static string Ends(TfNode node, TranslationContext context, StridedSlicePlan plan)
    {
        var ends = Pick(context, Gather(node, context, 2, plan), [.. plan.Slices.Select(s => s.EndMasked)], [.. plan.Slices.Select(s => s.Stride > 0 ? long.MaxValue : long.MinValue)]);
        if (!plan.Slices.Any(s => s.Shrink))
        {
            return ends;
        }

        var begins = Gather(node, context, 1, plan);
        var isLast = context.Emit("Equal", [begins, context.AddConstant(TensorValue.Scalar(-1L))]);
        var next = context.Emit("Where", [isLast, context.AddConstant(TensorValue.Scalar(long.MaxValue)), context.Emit("Add", [begins, context.AddConstant(TensorValue.Scalar(1L))])]);
        return Pick(context, ends, [.. plan.Slices.Select(s => s.Shrink)], next);
    }

    private static string Gather(TfNode node, TranslationContext context, int input, StridedSlicePlan plan) =>
        context.Emit("Gather", [context.Int64Input(node, input), context.Int64s([.. plan.Slices.Select(s => (long)s.Spec)])], [OnnxAttr.Int("axis", 0)]);

    private static string Pick(TranslationContext context, string values, bool[] mask, long[] replacements) =>
        Pick(context, values, mask, context.Int64s(replacements));

    private static string Pick(TranslationContext context, string values, bool[] mask, string replacements) =>
        mask.Any(m => m) ? context.Emit("Where", [context.AddConstant(TensorValue.Vector(mask)), replacements, values]) : values;
}
