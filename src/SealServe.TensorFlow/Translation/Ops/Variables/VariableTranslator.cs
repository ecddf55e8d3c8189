namespace SealServe.TensorFlow.Translation.Ops.Variables;

/// <summary>A variable is a constant of the served model: its restored value becomes an initializer.</summary>
[TfOp("VariableV2", "Variable", "VarHandleOp", Onnx = "initializer", Notes = "Value from the variables bundle (IVariableResolver); ReadVariableOp of it is that initializer.")]
internal sealed class VariableTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var value = context.Variables.Resolve(node.Definition);
        context.Alias(node, 0, context.AddConstant(TensorValue.FromTensor(value), node.Name));
    }
}
