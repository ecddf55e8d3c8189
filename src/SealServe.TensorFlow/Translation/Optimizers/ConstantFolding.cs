namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>
/// Replaces nodes computable from constants (shape arithmetic, transposed or reshaped weights) by
/// initializers, so the served graph holds only the work that depends on its inputs.
/// </summary>
internal sealed class ConstantFolding : IOnnxOptimizer
{
    public void Optimize(TranslationContext context)
    {
        var graph = context.Graph;
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var folded = graph.Node.Where(n => n.Output.Count == 1 && !outputs.Contains(n.Output[0]) && context.TryGetConstant(n.Output[0]) is not null).ToArray();
        foreach (var node in folded)
        {
            graph.Initializer.Add(context.TryGetConstant(node.Output[0])!.ToOnnx(node.Output[0]));
            graph.Node.Remove(node);
        }
    }
}
