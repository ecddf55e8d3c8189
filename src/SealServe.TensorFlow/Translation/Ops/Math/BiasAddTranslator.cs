namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Adds a 1-D bias along the channel dimension.</summary>
[TfOp("BiasAdd", "BiasAddV1", Onnx = "Add", Notes = "NHWC: the bias broadcasts over the last axis. NCHW: the bias is reshaped to [C, 1, ..., 1] (needs the input rank).")]
internal sealed class BiasAddTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (x, bias) = (context.Input(node, 0), context.Input(node, 1));
        if (node.GetString("data_format", "NHWC") == "NCHW")
        {
            var rank = context.RankOf(x) ?? throw node.Error("NCHW bias needs the input's rank, which is unknown.");
            bias = context.Unsqueeze(bias, [.. Enumerable.Range(1, rank - 2).Select(i => (long)i)]);
        }

        context.Emit("Add", [x, bias], output: context.Output(node));
    }
}
