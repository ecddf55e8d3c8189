using System.Collections.Frozen;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Element-wise binary ops with numpy broadcasting on both sides, as TF broadcasts: one ONNX node each.</summary>
[TfOp("Add", "AddV2", Onnx = "Add", Notes = "On strings: StringConcat, which raises the model to opset 20.")]
[TfOp("Sub", Onnx = "Sub")]
[TfOp("Mul", Onnx = "Mul")]
[TfOp("RealDiv", "Div", "TruncateDiv", Onnx = "Div", Notes = "Integer Div and TruncateDiv truncate toward zero, as ONNX Div does.")]
[TfOp("Maximum", Onnx = "Max")]
[TfOp("Minimum", Onnx = "Min")]
[TfOp("Pow", Onnx = "Pow")]
[TfOp("Less", Onnx = "Less")]
[TfOp("LessEqual", Onnx = "LessOrEqual")]
[TfOp("Greater", Onnx = "Greater")]
[TfOp("GreaterEqual", Onnx = "GreaterOrEqual")]
[TfOp("Equal", Onnx = "Equal", Notes = "On strings: raises the model to opset 19, where ONNX Equal takes them.")]
[TfOp("LogicalAnd", Onnx = "And")]
[TfOp("LogicalOr", Onnx = "Or")]
internal sealed class ElementwiseBinaryTranslator : IOpTranslator
{
    private static readonly FrozenDictionary<string, string> OnnxOps = TfOpAttribute.OnnxOpsOf<ElementwiseBinaryTranslator>();

    public void Translate(TfNode node, TranslationContext context)
    {
        if (node.HasAttr("T") && node.GetType("T") == Core.Tensors.DataType.String)
        {
            var (onnxOp, opset) = node.Op switch
            {
                "Add" or "AddV2" => ("StringConcat", 20),
                "Equal" => ("Equal", 19),
                _ => throw node.Error($"{node.Op} on strings has no ONNX op."),
            };
            context.RequireOpset(opset);
            context.EmitSame(node, onnxOp);
            return;
        }

        context.EmitSame(node, OnnxOps[node.Op]);
    }
}
