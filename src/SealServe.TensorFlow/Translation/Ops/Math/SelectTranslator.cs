namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Picks from x where the condition holds, else from y.</summary>
[TfOp("SelectV2", Onnx = "Where", Notes = "All three inputs broadcast.")]
[TfOp("Select", Onnx = "Where (+ Unsqueeze)", Notes = "A rank-1 condition picks whole rows of higher-rank x/y: it is unsqueezed to their rank (needs it).")]
internal sealed class SelectTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (condition, x, y) = (context.Input(node, 0), context.Input(node, 1), context.Input(node, 2));
        if (node.Op == "Select" && context.RankOf(condition) == 1)
        {
            var rank = context.RankOf(x) ?? context.RankOf(y) ?? throw node.Error("a rank-1 condition needs the rank of x, which is unknown.");
            condition = rank > 1 ? context.Unsqueeze(condition, [.. Enumerable.Range(1, rank - 1).Select(i => (long)i)]) : condition;
        }

        context.Emit("Where", [condition, x, y], output: context.Output(node));
    }
}
