using System.Collections.Frozen;

namespace SealServe.TensorFlow.Translation.Ops.Math;

/// <summary>Element-wise unary ops whose ONNX namesake has TF's semantics and defaults: one ONNX node each.</summary>
[TfOp("Relu", Onnx = "Relu")]
[TfOp("Elu", Onnx = "Elu", Notes = "alpha = 1, as TF.")]
[TfOp("Selu", Onnx = "Selu", Notes = "ONNX's default alpha and gamma are TF's constants.")]
[TfOp("Sigmoid", Onnx = "Sigmoid")]
[TfOp("Tanh", Onnx = "Tanh")]
[TfOp("Softplus", Onnx = "Softplus")]
[TfOp("Softsign", Onnx = "Softsign")]
[TfOp("Softmax", Onnx = "Softmax", Notes = "Last axis (ONNX axis = -1 since opset 13).")]
[TfOp("LogSoftmax", Onnx = "LogSoftmax", Notes = "Last axis.")]
[TfOp("Exp", Onnx = "Exp")]
[TfOp("Log", Onnx = "Log")]
[TfOp("Neg", Onnx = "Neg")]
[TfOp("Abs", Onnx = "Abs")]
[TfOp("Sqrt", Onnx = "Sqrt")]
[TfOp("Erf", Onnx = "Erf")]
[TfOp("Floor", Onnx = "Floor")]
[TfOp("Ceil", Onnx = "Ceil")]
[TfOp("Round", Onnx = "Round", Notes = "Half to even, as TF.")]
[TfOp("Sign", Onnx = "Sign")]
[TfOp("Reciprocal", "Inv", Onnx = "Reciprocal")]
[TfOp("Sin", Onnx = "Sin")]
[TfOp("Cos", Onnx = "Cos")]
[TfOp("Tan", Onnx = "Tan")]
[TfOp("Asin", Onnx = "Asin")]
[TfOp("Acos", Onnx = "Acos")]
[TfOp("Atan", Onnx = "Atan")]
[TfOp("Sinh", Onnx = "Sinh")]
[TfOp("Cosh", Onnx = "Cosh")]
[TfOp("Asinh", Onnx = "Asinh")]
[TfOp("Acosh", Onnx = "Acosh")]
[TfOp("Atanh", Onnx = "Atanh")]
[TfOp("IsNan", Onnx = "IsNaN")]
[TfOp("IsInf", Onnx = "IsInf")]
[TfOp("LogicalNot", Onnx = "Not")]
internal sealed class ElementwiseUnaryTranslator : IOpTranslator
{
    private static readonly FrozenDictionary<string, string> OnnxOps = TfOpAttribute.OnnxOpsOf<ElementwiseUnaryTranslator>();

    public void Translate(TfNode node, TranslationContext context) =>
        context.Emit(OnnxOps[node.Op], [context.Input(node, 0)], output: context.Output(node));
}
