using SealServe.Core.Errors;
using SealServe.TensorFlow.Translation.Graph;

namespace SealServe.TensorFlow.Translation;

/// <summary>
/// Translates the nodes of a prepared graph into a context, node by node, after checking that every op is
/// supported (all unsupported op types reported at once). <see cref="GraphTranslator"/> adds the model's name to errors.
/// </summary>
internal static class GraphBodyTranslator
{
    public static void Translate(PreparedGraph graph, TranslationContext context, OpTranslatorRegistry registry)
    {
        var unsupported = OpSupport.FindUnsupported(graph, registry, context.Functions);
        if (unsupported.Count > 0)
        {
            throw ServingException.Unimplemented($"TensorFlow ops that cannot be translated to ONNX: {string.Join(", ", unsupported)}.");
        }

        if (graph.Cycle is not null)
        {
            throw ServingException.Unimplemented($"The graph has a cycle through node '{graph.Cycle}' (TF1 control flow), which cannot be translated to ONNX.");
        }

        foreach (var node in graph.Nodes)
        {
            registry.TryGet(node.Op, out var translator);
            context.Current = node;
            translator.Translate(node, context);
        }

        context.Current = null;
    }
}
