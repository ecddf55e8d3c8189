namespace SealServe.Core.Signatures;

/// <summary>
/// A declared (possibly partial) shape, as in a SignatureDef's TensorInfo: a size of -1 is an
/// unknown dimension; <see cref="UnknownRank"/> means even the number of dimensions is unknown.
/// </summary>
public sealed record ShapeSpec(IReadOnlyList<DimSpec> Dims, bool UnknownRank = false)
{
    public static ShapeSpec AnyRank { get; } = new([], UnknownRank: true);

    public static ShapeSpec Of(params long[] sizes) => new(sizes.Select(s => new DimSpec(s)).ToArray());

    /// <summary>True when a concrete shape fits: same rank, and every known dimension equal.</summary>
    public bool Accepts(ReadOnlySpan<long> concrete)
    {
        if (UnknownRank)
        {
            return true;
        }

        if (concrete.Length != Dims.Count)
        {
            return false;
        }

        for (var i = 0; i < concrete.Length; i++)
        {
            if (Dims[i].Size >= 0 && Dims[i].Size != concrete[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Prints as <c>[-1,3]</c>, or <c>[?]</c> for an unknown rank.</summary>
    public override string ToString() => UnknownRank ? "[?]" : "[" + string.Join(",", Dims.Select(d => d.Size)) + "]";
}

/// <summary>One declared dimension: its size (-1 when unknown) and an optional symbolic name.</summary>
public sealed record DimSpec(long Size, string Name = "");
