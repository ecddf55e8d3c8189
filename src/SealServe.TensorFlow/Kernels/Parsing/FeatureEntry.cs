namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>One entry of a serialized Example's feature map: where its key and its <c>Feature</c> message lie in the example's bytes.</summary>
internal readonly record struct FeatureEntry(int KeyStart, int KeyLength, int FeatureStart, int FeatureLength);
