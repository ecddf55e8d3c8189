using Onnx;

namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>
/// Moves a Transpose after the element-wise activation it feeds (Conv → Transpose → Relu becomes Conv → Relu →
/// Transpose), so ONNX Runtime fuses the activation into the Conv; the layout change then sits where the data
/// next needs it, as in a direct export.
/// </summary>
internal sealed class TransposeSinking : IOnnxOptimizer
{
    private static readonly HashSet<string> Activations = ["Relu", "Sigmoid", "Tanh", "Elu", "Selu", "LeakyRelu", "Softplus", "Softsign", "HardSigmoid", "Clip"];

    public void Optimize(TranslationContext context)
    {
        var graph = context.Graph;
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        for (var moved = true; moved;)
        {
            moved = false;
            var consumers = graph.Node.SelectMany(n => n.Input.Select(i => (Input: i, Node: n))).ToLookup(p => p.Input, p => p.Node, StringComparer.Ordinal);
            foreach (var transpose in graph.Node.Where(n => n.OpType == "Transpose").ToArray())
            {
                if (outputs.Contains(transpose.Output[0]) || consumers[transpose.Output[0]].ToArray() is not [var activation]
                    || !Activations.Contains(activation.OpType) || activation.Input[0] != transpose.Output[0]
                    || activation.Input.Skip(1).Any(i => i.Length > 0 && context.TryGetConstant(i) is not { Rank: 0 }))
                {
                    continue;
                }

                // x → Transpose → t → Act → y   becomes   x → Act → a → Transpose → y
                var activated = context.NewValueName(activation.OpType);
                (activation.Input[0], transpose.Input[0]) = (transpose.Input[0], activated);
                (transpose.Output[0], activation.Output[0]) = (activation.Output[0], activated);
                var (first, second) = (graph.Node.IndexOf(transpose), graph.Node.IndexOf(activation));
                (graph.Node[first], graph.Node[second]) = (activation, transpose);
                moved = true;
            }
        }
    }
}
