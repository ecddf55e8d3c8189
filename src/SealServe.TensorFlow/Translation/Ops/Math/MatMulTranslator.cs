namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>2-D matrix product with optional transposed operands.</summary>
[TfOp("MatMul", Onnx = "MatMul (+ Transpose)", Notes = "transpose_a/transpose_b become Transpose nodes, folded into constant weights.")]
internal sealed class MatMulTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var a = Operand(context, context.Input(node, 0), node.GetBool("transpose_a"));
        var b = Operand(context, context.Input(node, 1), node.GetBool("transpose_b"));
        context.Emit("MatMul", [a, b], output: context.Output(node));
    }

    private static string Operand(TranslationContext context, string value, bool transpose) => transpose ? context.Transpose(value, [1, 0]) : value;
}
