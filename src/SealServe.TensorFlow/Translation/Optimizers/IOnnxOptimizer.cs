namespace SealServe.TensorFlow.Translation.Optimizers;

/// <summary>An ONNX-level pass over a translated graph.</summary>
internal interface IOnnxOptimizer
{
    void Optimize(TranslationContext context);
}
