using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Batched matrix product over the last two dimensions, batch dimensions broadcasting (V2, V3).</summary>
[TfOp("BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", Onnx = "MatMul (+ Transpose of the last two axes)", Notes = "adj_x/adj_y need the operand's rank; V3's Tout casts the result.")]
internal sealed class BatchMatMulTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var x = Operand(node, context, 0, node.GetBool("adj_x"));
        var y = Operand(node, context, 1, node.GetBool("adj_y"));
        var output = context.Output(node);
        if (node.HasAttr("Tout") && node.HasAttr("Ta") && node.GetType("Tout") != node.GetType("Ta"))
        {
            var product = context.Emit("MatMul", [x, y]);
            context.Emit("Cast", [product], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(node.GetType("Tout")))], output);
            return;
        }

        context.Emit("MatMul", [x, y], output: output);
    }

    private static string Operand(TfNode node, TranslationContext context, int index, bool adjoint)
    {
        var value = context.Input(node, index);
        if (!adjoint)
        {
            return value;
        }

        var rank = context.RankOf(value) ?? throw node.Error($"adjoint of input {index} needs its rank, which is unknown.");
        long[] perm = [.. Enumerable.Range(0, rank - 2).Select(i => (long)i), rank - 1, rank - 2];
        return context.Transpose(value, perm);
    }
}
