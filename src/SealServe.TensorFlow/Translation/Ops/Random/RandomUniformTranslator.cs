using SealServe.TensorFlow.Translation.Onnx;

namespace SealServe.TensorFlow.Translation.Ops.Random;

/// <summary>
/// Random values of a computed shape. Served graphs reach these through dropout with keep_prob = 1,
/// where floor(keep_prob + uniform) is 1 whatever the draw.
/// </summary>
[TfOp("RandomUniform", Onnx = "RandomUniformLike(ConstantOfShape)", Notes = "Uniform in [0, 1); seeds are not reproduced.")]
[TfOp("RandomStandardNormal", Onnx = "RandomNormalLike(ConstantOfShape)", Notes = "Mean 0, scale 1; seeds are not reproduced.")]
internal sealed class RandomUniformTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var type = node.GetType("dtype");
        var zeros = context.Emit("ConstantOfShape", [context.Int64Input(node, 0)], [OnnxAttr.Tensor("value", TensorValue.FromDoubles(type, [1], [0]).ToOnnx("value"))]);
        var op = node.Op == "RandomUniform" ? "RandomUniformLike" : "RandomNormalLike";
        context.Emit(op, [zeros], [OnnxAttr.Int("dtype", OnnxTypes.ToOnnx(type))], context.Output(node));
    }
}
