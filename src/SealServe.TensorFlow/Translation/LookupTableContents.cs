using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation;

/// <summary>The entries of an initialized lookup table: <see cref="Keys"/>[i] maps to <see cref="Values"/>[i] (two vectors of equal length).</summary>
public sealed record LookupTableContents(Tensor Keys, Tensor Values)
{
    public long Count => Keys.Shape.ElementCount;
}
