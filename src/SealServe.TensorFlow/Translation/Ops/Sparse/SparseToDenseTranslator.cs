using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Sparse;

/// <summary>A dense tensor of output_shape filled with default_value, with the sparse values scattered in.</summary>
[TfOp("SparseToDense", Onnx = "Expand + ScatterND", Notes = "Indices [N, rank] or [N] (a vector); values [N] or a scalar.")]
internal sealed class SparseToDenseTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var indices = context.Int64Input(node, 0);
        var rank = context.RankOf(context.Input(node, 0)) ?? throw node.Error("the rank of sparse_indices is unknown.");
        indices = rank switch
        {
            2 => indices,
            1 => context.Unsqueeze(indices, -1),
            0 => context.Unsqueeze(indices, 0, 1),
            _ => throw node.Error($"sparse_indices of rank {rank}."),
        };

        var dense = context.Emit("Expand", [context.Input(node, 3), context.Int64Input(node, 1)]);
        var count = context.Emit("Slice", [context.Emit("Shape", [indices]), context.Int64s(0), context.Int64s(1)]);
        var updates = context.Emit("Expand", [context.Input(node, 2), count]);
        context.Emit("ScatterND", [dense, indices, updates], output: context.Output(node));
    }
}
