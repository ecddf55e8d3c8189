using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Remainder with the divisor's sign (Python's %).</summary>
[TfOp("FloorMod", "Mod", Onnx = "Mod (fmod=0) for integers; x - Floor(x / y) · y for reals", Notes = "ONNX Mod on reals needs fmod=1, which keeps the dividend's sign.")]
internal sealed class FloorModTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (x, y) = (context.Input(node, 0), context.Input(node, 1));
        if (!OnnxTypes.IsFloatingPoint(node.GetType("T")))
        {
            context.Emit("Mod", [x, y], output: context.Output(node));
            return;
        }

        var quotient = context.Emit("Floor", [context.Emit("Div", [x, y])]);
        context.Emit("Sub", [x, context.Emit("Mul", [quotient, y])], output: context.Output(node));
    }
}
