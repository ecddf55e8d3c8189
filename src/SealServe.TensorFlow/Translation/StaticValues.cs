using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Values of a graph that depend on no fed tensor (constants, variables and what is computed from them), worked out at
/// import by the same translators and constant evaluator as the ONNX stages: what host kernels read as constants
/// (ParseExample's keys and dense defaults, for instance).
/// </summary>
internal sealed class StaticValues(TfGraph graph, IVariableResolver variables)
{
    private readonly TranslationContext context = TranslationContext.ForModel(variables, graph.Functions, new HashSet<string>(), OpTranslatorRegistry.Default);
    private readonly HashSet<string> translated = new(StringComparer.Ordinal);

    /// <summary>The value of <paramref name="tensor"/> (<c>node:k</c>), or null when it cannot be computed at import.</summary>
    public TensorValue? TryEvaluate(string tensor)
    {
        if (context.Lookup(tensor) is not { } known)
        {
            var prepared = PreparedGraph.Prepare(graph, new GraphCut(new HashSet<string>(), [tensor]));
            var fresh = prepared.Nodes.Where(n => !translated.Contains(n.Name)).ToArray();
            try
            {
                context.TranslateNodes(prepared with { Nodes = fresh });
                translated.UnionWith(fresh.Select(n => n.Name));
            }
            catch (ServingException)
            {
                // Not translatable here (an op without a translator, a placeholder no one feeds): not a constant.
                return null;
            }

            known = context.Lookup(tensor);
        }

        return known is null ? null : context.TryGetConstant(known);
    }
}
