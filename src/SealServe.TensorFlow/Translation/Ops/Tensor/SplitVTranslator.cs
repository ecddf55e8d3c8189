using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Split into parts of given sizes along a constant axis; one size may be -1 (the rest).</summary>
[TfOp("SplitV", Onnx = "Split", Notes = "A -1 size becomes dim − sum(others), folded when the dimension is static.")]
internal sealed class SplitVTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var x = context.Input(node, 0);
        var axis = context.RequireConstant(node, 2, "axis").ToInt64s()[0];
        var sizes = context.RequireConstant(node, 1, "size_splits").ToInt64s();
        var count = (int)node.GetInt("num_split");
        if (count == 1)
        {
            context.Alias(node, 0, x);
            return;
        }

        var split = Array.IndexOf(sizes, -1L) is var rest and >= 0 ? Resolve(context, x, axis, sizes, rest) : context.Int64s(sizes);
        context.EmitMulti("Split", [x, split], [.. Enumerable.Range(0, count).Select(i => context.Output(node, i))], [OnnxAttr.Int("axis", axis)]);
    }

    /// <summary>The sizes with the -1 at <paramref name="rest"/> replaced by what the others leave of the dimension.</summary>
    private static string Resolve(TranslationContext context, string x, long axis, long[] sizes, int rest)
    {
        var dim = context.Emit("Gather", [context.Emit("Shape", [x]), context.Int64s(axis)]);
        var remaining = context.Emit("Sub", [dim, context.Int64s(sizes.Where(s => s >= 0).Sum())]);
        return context.Emit("Concat", [context.Int64s(sizes[..rest]), remaining, context.Int64s(sizes[(rest + 1)..])], [OnnxAttr.Int("axis", 0)]);
    }
}
