namespace SealServe.TensorFlow.Translation;

/// <summary>The one ONNX opset the translator emits (we target exactly one ONNX Runtime).</summary>
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
    /// Reshape/Cast/Shape that some fusions do not match yet, and nothing a TF op needs.
    /// </summary>
    public const int Target = 18;

    /// <summary>The IR version that goes with <see cref="Target"/> (ONNX 1.13).</summary>
    public const long IrVersion = 8;
}
