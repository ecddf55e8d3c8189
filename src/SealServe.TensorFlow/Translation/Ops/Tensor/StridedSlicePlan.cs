namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>What a StridedSlice does, worked out from its masks and strides alone.</summary>
/// <param name="Slices">The specs that slice an input axis.</param>
/// <param name="ShrinkAxes">Input axes removed after slicing (shrink_axis_mask).</param>
/// <param name="NewAxes">Output positions of new size-1 axes (new_axis_mask), negative when counted from the back.</param>
internal sealed record StridedSlicePlan(IReadOnlyList<StridedSlicePlan.AxisSlice> Slices, IReadOnlyList<long> ShrinkAxes, IReadOnlyList<long> NewAxes)
{
    public static StridedSlicePlan Create(TfNode node, IReadOnlyList<long> strides)
    {
        var (beginMask, endMask, ellipsisMask, newAxisMask, shrinkMask) = (node.GetInt("begin_mask", 0), node.GetInt("end_mask", 0), node.GetInt("ellipsis_mask", 0), node.GetInt("new_axis_mask", 0), node.GetInt("shrink_axis_mask", 0));
        var count = strides.Count;
        bool Bit(long mask, int i) => ((mask >> i) & 1) != 0;
        var ellipsis = Enumerable.Range(0, count).FirstOrDefault(i => Bit(ellipsisMask, i), -1);
        var kinds = Enumerable.Range(0, count).Select(i => i == ellipsis ? Kind.Ellipsis : Bit(ellipsisMask, i) ? throw node.Error("more than one ellipsis.") : Bit(newAxisMask, i) ? Kind.NewAxis : Bit(shrinkMask, i) ? Kind.Shrink : Kind.Slice).ToArray();
        bool Consumes(int i) => kinds[i] is Kind.Slice or Kind.Shrink;
        bool Produces(int i) => kinds[i] is Kind.Slice or Kind.NewAxis;

        var (slices, shrink, newAxes) = (new List<AxisSlice>(), new List<long>(), new List<long>());
        for (var i = 0; i < count; i++)
        {
            var afterEllipsis = ellipsis >= 0 && i > ellipsis;

            // Before the ellipsis axes count from the front; after it, from the back (-1 is the last spec's axis).
            long axis = afterEllipsis ? -Enumerable.Range(i, count - i).Count(Consumes) : Enumerable.Range(0, i).Count(Consumes);
            if (kinds[i] == Kind.NewAxis)
            {
                newAxes.Add(afterEllipsis ? -1 - Enumerable.Range(i + 1, count - i - 1).Count(Produces) : Enumerable.Range(0, i).Count(Produces));
            }
            else if (Consumes(i))
            {
                if (strides[i] == 0)
                {
                    throw node.Error("a stride is 0.");
                }

                var isShrink = kinds[i] == Kind.Shrink;
                slices.Add(new AxisSlice(i, axis, isShrink ? 1 : strides[i], !isShrink && Bit(beginMask, i), !isShrink && Bit(endMask, i), isShrink));
                if (isShrink)
                {
                    shrink.Add(axis);
                }
            }
        }

        return new StridedSlicePlan(slices, shrink, newAxes);
    }

    private enum Kind
    {
        Slice,
        Shrink,
        NewAxis,
        Ellipsis,
    }

    /// <summary>One sliced axis: the spec index, the ONNX axis (negative from the back), the stride and the masks that apply.</summary>
    internal sealed record AxisSlice(int Spec, long Axis, long Stride, bool BeginMasked, bool EndMasked, bool Shrink);
}
