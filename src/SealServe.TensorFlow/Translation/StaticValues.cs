using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Values of a graph that depend on no fed tensor (constants, variables and what is computed from them), worked out at
/// import by the same translators and constant evaluator as the ONNX stages: what host kernels read as constants
/// (ParseExample's keys and dense defaults, for instance) and what table initializers read (keys, vocabulary paths).
/// </summary>
internal sealed class StaticValues
{
    private readonly TfGraph graph;
    private readonly TranslationContext context;
    private readonly HashSet<string> bound;
    private readonly HashSet<string> translated = new(StringComparer.Ordinal);

    /// <param name="graph">The graph.</param>
    /// <param name="resources">Values of its variables and tables.</param>
    /// <param name="values">Tensors whose values are given (<c>node:k</c>), e.g. the asset paths a loader would feed.</param>
    public StaticValues(TfGraph graph, GraphResources resources, IReadOnlyDictionary<string, TensorValue>? values = null)
    {
        this.graph = graph;
        bound = values?.Keys.ToHashSet(StringComparer.Ordinal) ?? [];
        context = TranslationContext.ForModel(resources, graph.Functions, bound, OpTranslatorRegistry.Default);
        foreach (var (tensor, value) in values ?? new Dictionary<string, TensorValue>())
        {
            context.Bind(tensor, context.AddConstant(value));
        }
    }

    /// <summary>The value of <paramref name="tensor"/> (<c>node:k</c>), or null when it cannot be computed at import.</summary>
    public TensorValue? TryEvaluate(string tensor)
    {
        if (context.Lookup(tensor) is not { } known)
        {
            var prepared = PreparedGraph.Prepare(graph, new GraphCut(bound, [tensor]));
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
