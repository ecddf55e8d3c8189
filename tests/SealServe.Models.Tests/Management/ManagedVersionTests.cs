using SealServe.Core.Errors;
using SealServe.Models.Management;
using SealServe.Models.Sources;
using SealServe.Sealing.Storage;

namespace SealServe.Models.Tests.Management;

public sealed class ManagedVersionTests
{
    public static TheoryData<ServableState, ServableState> Illegal() => new()
    {
        { ServableState.Start, ServableState.Available },
        { ServableState.Start, ServableState.Unloading },
        { ServableState.Loading, ServableState.Unloading },
        { ServableState.Available, ServableState.Loading },
        { ServableState.Available, ServableState.End },
        { ServableState.Unloading, ServableState.Available },
        { ServableState.End, ServableState.Loading },
        { ServableState.End, ServableState.End },
    };

    [Theory]
    [MemberData(nameof(Illegal))]
    public void IsLegal_MovesOutsideTheLifecycle_Refused(ServableState from, ServableState to) =>
        Assert.False(ManagedVersion.IsLegal(from, to));

    [Fact]
    public void Transition_WholeLifecycle_ReferenceDropsAndDrains()
    {
        var version = new ManagedVersion(new VersionDirectory(1, new FolderVersion("/m/1")));

        version.Transition(ServableState.Loading);
        version.Transition(ServableState.Loading, error: new ServingStatus(StatusCode.Unknown, "retry"));
        Assert.Equal("retry", version.Snapshot().Status.Message);
        version.Transition(ServableState.Available, new FakeServable(1));
        Assert.True(version.Snapshot().Status.IsOk);
        Assert.True(version.TryAcquire());
        version.Transition(ServableState.Unloading);
        Assert.False(version.Drained.IsCompleted);
        version.Release();
        version.Transition(ServableState.End);

        Assert.True(version.Drained.IsCompleted);
        Assert.Equal(ServableState.End, version.State);
    }

    [Fact]
    public void Transition_Illegal_ThrowsAndKeepsTheState()
    {
        var version = new ManagedVersion(new VersionDirectory(1, new FolderVersion("/m/1")));

        var error = Assert.Throws<InvalidOperationException>(() => version.Transition(ServableState.Available, new FakeServable(1)));

        Assert.Equal("Version 1: Start → Available is not a legal transition.", error.Message);
        Assert.Equal(ServableState.Start, version.State);
    }
}
