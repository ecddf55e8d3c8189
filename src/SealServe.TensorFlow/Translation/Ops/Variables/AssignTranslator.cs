
namespace SealServe.TensorFlow.Translation.Ops.Variables;

/// <summary>
/// A TF1 variable assignment as the value it produces: the variable's new value. The variable itself is fed (its state
/// lives in the loaded version, <c>StatefulSignatures</c>), so the new value is Identity(value), variable + value or
/// variable - value; the engine makes it the variable's value for later requests.
/// </summary>
[TfOp("Assign", Onnx = "— (the assigned value)", Notes = "The variable's new value; the variable must be served as state (fed), never a constant.")]
[TfOp("AssignAdd", Onnx = "Add", Notes = "The variable's new value; the variable must be served as state (fed), never a constant.")]
[TfOp("AssignSub", Onnx = "Sub", Notes = "The variable's new value; the variable must be served as state (fed), never a constant.")]
internal sealed class AssignTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var variable = context.Input(node, 0);
        if (context.TryGetConstant(variable) is not null)
        {
            throw node.Error("the variable it changes is a constant here; a variable a signature assigns must be served as state.");
        }

        var value = context.Input(node, 1);
        switch (node.Op)
        {
            case "Assign":
                context.Alias(node, 0, value);
                break;
            default:
                context.Emit(node.Op == "AssignAdd" ? "Add" : "Sub", [variable, value], output: context.Output(node));
                break;
        }
    }
}
