using Onnx;
using SealServe.TensorFlow.Translation.Graph;
using SealServe.TensorFlow.Translation.Onnx;
using SealServe.TensorFlow.Translation.Optimizers;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>
/// A TF2 <c>If</c> (and TF1 <c>tf.cond</c>, which <see cref="Rewriters.CondRewriter"/> makes one) as an ONNX If: each
/// branch function becomes a subgraph that reads the If's inputs from the enclosing graph, so only the taken branch runs.
/// </summary>
[TfOp("If", "StatelessIf", Onnx = "If", Notes = "Only the taken branch runs. A non-bool predicate is true when non-zero (scalars only).")]
internal sealed class IfTranslator : IOpTranslator
{
    public void Translate(TfNode node, TranslationContext context)
    {
        var predicate = context.Input(node, 0);
        if (node.HasAttr("Tcond") && node.GetType("Tcond") != DataType.Bool)
        {
            predicate = context.Emit("Cast", [predicate], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(DataType.Bool))]);
        }

        var arguments = node.Inputs.Skip(1).ToArray();
        var thenBranch = Branch(node, context, "then_branch", arguments);
        var elseBranch = Branch(node, context, "else_branch", arguments);
        if (thenBranch.Output.Count != elseBranch.Output.Count)
        {
            throw node.Error($"its branches return {thenBranch.Output.Count} and {elseBranch.Output.Count} values.");
        }

        context.EmitMulti(
            "If",
            [predicate],
            [.. Enumerable.Range(0, thenBranch.Output.Count).Select(i => context.Output(node, i))],
            [OnnxAttr.Graph("then_branch", thenBranch), OnnxAttr.Graph("else_branch", elseBranch)]);
    }

    private static GraphProto Branch(TfNode node, TranslationContext context, string attribute, IReadOnlyList<string> arguments)
    {
        var target = node.GetFunction(attribute);
        if (!context.Functions.TryGetValue(target.Name, out var function))
        {
            throw node.Error($"its {attribute} function '{target.Name}' is not in the function library.");
        }

        // The arguments are the If's inputs themselves: the body reads them from the enclosing graph (outer scope).
        var (nodes, returns) = FunctionBody.Instantiate(function, $"{node.Name}/{attribute}/", arguments, target.Attr, context.Functions);
        var prepared = PreparedGraph.Prepare(new TfGraph(nodes, context.Functions), new GraphCut(arguments.ToHashSet(StringComparer.Ordinal), returns));
        var branch = context.CreateSubgraph($"{node.Name}/{attribute}");
        branch.TranslateNodes(prepared);
        branch.AddSubgraphOutputs(node, returns, attribute);

        OnnxOptimizers.Run(branch);
        return branch.Graph;
    }
}
