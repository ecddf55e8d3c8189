namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>How a configured feature is returned: dense values, a sparse tensor, or a ragged tensor.</summary>
internal enum FeatureRole : byte
{
    Dense,
    Sparse,
    Ragged,
}
