using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Strings;

/// <summary>Integers as decimal strings (class ids to labels), which ONNX Cast writes exactly as TF does.</summary>
[TfOp("AsString", Onnx = "Cast (to string)", Notes = "Integer inputs with the default width and fill only; TF's float and bool formats differ from ONNX Cast's.")]
internal sealed class AsStringTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var type = node.GetType("T");
        if (OnnxTypes.IsFloatingPoint(type) || type is DataType.Bool or DataType.String || node.GetInt("width", -1) > 0 || node.GetString("fill", string.Empty).Length > 0)
        {
            throw node.Error($"only integers with the default width and fill can be formatted (got {DataTypes.TfName(type)}).");
        }

        context.Emit("Cast", [context.Input(node, 0)], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(DataType.String))], context.Output(node));
    }
}
