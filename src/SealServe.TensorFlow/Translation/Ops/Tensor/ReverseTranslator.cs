namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Reverses along constant axes: a Slice with step -1 over the whole of each axis.</summary>
[TfOp("ReverseV2", Onnx = "Slice (steps -1)")]
internal sealed class ReverseTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var axes = context.RequireConstant(node, 1, "axis").ToInt64s();
        var x = context.Input(node, 0);
        if (axes.Length == 0)
        {
            context.Alias(node, 0, x);
            return;
        }

        var starts = context.Int64s([.. axes.Select(_ => -1L)]);
        var ends = context.Int64s([.. axes.Select(_ => long.MinValue)]);
        var steps = context.Int64s([.. axes.Select(_ => -1L)]);
        context.Emit("Slice", [x, starts, ends, context.Int64s(axes), steps], output: context.Output(node));
    }
}
