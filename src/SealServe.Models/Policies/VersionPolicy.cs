namespace SealServe.Models.Policies;

/// <summary>
/// Which of the versions present in storage should be served (TensorFlow Serving's
/// <c>ServableVersionPolicy</c>). A pure function of the versions found.
/// </summary>
public abstract record VersionPolicy
{
    /// <summary>Serve the latest version only (TensorFlow Serving's default).</summary>
    public static VersionPolicy Default { get; } = new LatestVersionsPolicy(1);

    /// <summary>The versions to serve, given the versions present (ascending).</summary>
    public abstract IReadOnlyList<long> SelectAspired(IReadOnlyList<long> present);
}

/// <summary><c>latest { num_versions: N }</c>: the N highest versions (0 counts as 1).</summary>
public sealed record LatestVersionsPolicy(int NumVersions) : VersionPolicy
{
    public override IReadOnlyList<long> SelectAspired(IReadOnlyList<long> present) =>
        present.OrderDescending().Take(Math.Max(1, NumVersions)).ToArray();
}

/// <summary><c>all {}</c>: every version present.</summary>
public sealed record AllVersionsPolicy : VersionPolicy
{
    public override IReadOnlyList<long> SelectAspired(IReadOnlyList<long> present) => present.ToArray();
}

/// <summary><c>specific { versions: ... }</c>: the listed versions that are present.</summary>
public sealed record SpecificVersionsPolicy(IReadOnlyList<long> Versions) : VersionPolicy
{
    public override IReadOnlyList<long> SelectAspired(IReadOnlyList<long> present) =>
        present.Where(Versions.Contains).ToArray();

    public bool Equals(SpecificVersionsPolicy? other) => other is not null && Versions.SequenceEqual(other.Versions);

    public override int GetHashCode() => Versions.Aggregate(17, HashCode.Combine);
}
