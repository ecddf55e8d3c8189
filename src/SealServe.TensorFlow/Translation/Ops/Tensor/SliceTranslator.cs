namespace SealServe.TensorFlow.Translation.Ops.Tensor;

/// <summary>Slice(begin, size); a size of -1 runs to the end of the dimension.</summary>
[TfOp("Slice", Onnx = "Slice", Notes = "ends = begin + size, or the end where size is -1 (folded when constant).")]
internal sealed class SliceTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var begin = context.Int64Input(node, 1);
        var size = context.Int64Input(node, 2);
        var toEnd = context.Emit("Equal", [size, context.AddConstant(TensorValue.Scalar(-1L))]);
        var ends = context.Emit("Where", [toEnd, context.AddConstant(TensorValue.Scalar(long.MaxValue)), context.Emit("Add", [begin, size])]);
        context.Emit("Slice", [context.Input(node, 0), begin, ends], output: context.Output(node));
    }
}
