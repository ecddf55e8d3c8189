using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Division rounding toward negative infinity.</summary>
[TfOp("FloorDiv", Onnx = "Floor(Div) for reals; Div(x - Mod(x, y), y) for integers", Notes = "ONNX integer Div truncates; subtracting the floor remainder first makes it exact.")]
internal sealed class FloorDivTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var (x, y) = (context.Input(node, 0), context.Input(node, 1));
        if (OnnxTypes.IsFloatingPoint(node.GetType("T")))
        {
            context.Emit("Floor", [context.Emit("Div", [x, y])], output: context.Output(node));
            return;
        }

        var remainder = context.Emit("Mod", [x, y]);
        context.Emit("Div", [context.Emit("Sub", [x, remainder]), y], output: context.Output(node));
    }
}
