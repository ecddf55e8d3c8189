namespace SealServe.TensorFlow.Translation.Ops.Graph;

/// <summary>Ops whose output i is their input i: no ONNX node, the output names the input's value.</summary>
[TfOp("Identity", "IdentityN", "StopGradient", "Snapshot", "PreventGradient", "EnsureShape", "CheckNumerics", Onnx = "— (alias)")]
[TfOp("ReadVariableOp", Onnx = "— (alias of the variable's initializer)")]
internal sealed class IdentityTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var count = node.Op is "IdentityN" ? node.Inputs.Count : 1;
        for (var i = 0; i < count; i++)
        {
            context.Alias(node, i, context.Input(node, i));
        }
    }
}
