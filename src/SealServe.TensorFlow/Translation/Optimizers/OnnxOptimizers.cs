namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>The ONNX-level passes run on a translated graph, in order.</summary>
internal static class OnnxOptimizers
{
    private static readonly IReadOnlyList<IOnnxOptimizer> Passes = [new ConstantFolding(), new Conv1DSimplification(), new ConvBiasFusion(), new TransposeSinking(), new DeadNodeElimination()];

    public static void Run(TranslationContext context)
    {
        foreach (var pass in Passes)
        {
            pass.Optimize(context);
        }
    }
}
