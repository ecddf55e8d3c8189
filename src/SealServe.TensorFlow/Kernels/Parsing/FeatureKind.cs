namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>Which list a serialized <c>Feature</c> holds (its oneof field); <see cref="None"/> when no kind is set.</summary>
internal enum FeatureKind : byte
{
    None,
    Bytes,
    Float,
    Int64,
}
