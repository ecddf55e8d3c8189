namespace SealServe.Models.Config;

/// <summary>
/// The <c>model_platform</c> values SealServe serves. Both load whatever a version folder holds
/// (SavedModel or ONNX); TF Serving's own name is accepted so its config files work unchanged.
/// </summary>
public static class ModelPlatforms
{
    /// <summary>TF Serving's platform (also what the deprecated <c>model_type: TENSORFLOW</c> means).</summary>
    public const string TensorFlow = "tensorflow";

    /// <summary>SealServe's own name for models kept as ONNX.</summary>
    public const string Onnx = "onnx";

    /// <summary>True for a platform this server can serve (names are case-sensitive, as in TF Serving).</summary>
    public static bool IsSupported(string platform) => platform is TensorFlow or Onnx;
}
