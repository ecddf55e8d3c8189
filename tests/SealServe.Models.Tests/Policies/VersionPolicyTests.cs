using SealServe.Models.Policies;

namespace SealServe.Models.Tests.Policies;

public sealed class VersionPolicyTests
{
    private static readonly long[] Present = [1, 2, 5, 9];

    [Fact]
    public void Default_ServesLatestOnly() => Assert.Equal([9L], VersionPolicy.Default.SelectAspired(Present));

    [Fact]
    public void Latest_Two_ServesTwoHighest() => Assert.Equal([9L, 5L], new LatestVersionsPolicy(2).SelectAspired(Present));

    [Fact]
    public void Latest_Zero_CountsAsOne() => Assert.Equal([9L], new LatestVersionsPolicy(0).SelectAspired(Present));

    [Fact]
    public void All_ServesEveryVersion() => Assert.Equal(Present, new AllVersionsPolicy().SelectAspired(Present));

    [Fact]
    public void Specific_ServesListedVersionsThatExist() =>
        Assert.Equal([2L, 9L], new SpecificVersionsPolicy([9, 2, 4]).SelectAspired(Present));

    [Fact]
    public void Latest_NothingPresent_NothingAspired() => Assert.Empty(VersionPolicy.Default.SelectAspired([]));
}
