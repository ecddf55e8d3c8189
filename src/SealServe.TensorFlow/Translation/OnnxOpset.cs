namespace SealServe.TensorFlow.Translation;

/// <summary>The ONNX opset the translator emits (we target exactly one ONNX Runtime).</summary>
internal static class OnnxOpset
{
    /// <summary>
    /// <c>ai.onnx</c> opset 18. Why 18: it is the first opset where every reduction (ReduceMean, ReduceMax,
    /// ReduceMin, ReduceProd as well as ReduceSum) takes its axes as an input, so TF's Sum/Mean/Max/Min/Prod
    /// (whose reduction_indices are a tensor) map one to one even when the axes are computed; Split
    /// and Pad also take their sizes as inputs since 13 and 18. Opset 18 is also what torch.onnx's current
    /// exporter writes, and ONNX Runtime's graph fusions (LayerNorm, Gelu, attention, MatMul+Add→Gemm,
    /// Conv+activation) match opset-18 nodes, so a translated model gets the same kernels and fusions as
    /// the same network exported straight to ONNX. Later opsets (19–23) only add types and versions of
    /// Reshape/Cast/Shape that some fusions do not match yet. The exception is strings: Equal takes them from
    /// 19 and StringConcat (TF's Add on strings) exists from 20, so a graph with those ops is raised to that
    /// opset (<see cref="TranslationContext.RequireOpset"/>) and every other graph stays at 18.
    /// </summary>
    public const int Target = 18;

    /// <summary>The IR version that goes with an opset: 8 for 18 (ONNX 1.13), 9 from 19 (ONNX 1.14 and 1.15).</summary>
    public static long IrVersionFor(int opset) => opset >= 19 ? 9 : 8;
}
