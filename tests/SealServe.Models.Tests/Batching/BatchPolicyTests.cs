using Microsoft.Extensions.Time.Testing;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class BatchPolicyTests
{
    private readonly FakeTimeProvider time = new();

    [Fact]
    public void IsSchedulable_EmptyBatch_False()
    {
        var limits = Limits(new BatchingOptions());

        Assert.False(BatchPolicy.IsSchedulable(new BatchSnapshot(0, time.GetTimestamp(), Closed: true), time.GetTimestamp(), limits));
    }

    [Fact]
    public void IsSchedulable_DefaultTimeoutZero_RunsAtOnce()
    {
        var limits = Limits(new BatchingOptions());
        var batch = new BatchSnapshot(1, time.GetTimestamp(), Closed: false);

        Assert.True(BatchPolicy.IsSchedulable(batch, time.GetTimestamp(), limits));
    }

    [Fact]
    public void IsSchedulable_OpenBatchBeforeTimeout_WaitsUntilDue()
    {
        var limits = Limits(new BatchingOptions { BatchTimeoutMicros = 2000 });
        var batch = new BatchSnapshot(3, time.GetTimestamp(), Closed: false);

        time.Advance(TimeSpan.FromMicroseconds(1999));
        var early = BatchPolicy.IsSchedulable(batch, time.GetTimestamp(), limits);
        time.Advance(TimeSpan.FromMicroseconds(1));
        var due = BatchPolicy.IsSchedulable(batch, time.GetTimestamp(), limits);

        Assert.False(early);
        Assert.True(due);
        Assert.Equal(time.GetTimestamp(), BatchPolicy.DueAt(batch, limits));
    }

    [Theory]
    [InlineData(8, false)]
    [InlineData(3, true)]
    public void IsSchedulable_FullOrClosed_RunsBeforeTimeout(int size, bool closed)
    {
        var limits = Limits(new BatchingOptions { MaxBatchSize = 8, BatchTimeoutMicros = 1_000_000 });
        var batch = new BatchSnapshot(size, time.GetTimestamp(), closed);

        Assert.True(BatchPolicy.IsSchedulable(batch, time.GetTimestamp(), limits));
        Assert.Equal(batch.OpenedAt, BatchPolicy.DueAt(batch, limits));
    }

    [Fact]
    public void Next_SeveralBatches_OldestRunnableFirstElseEarliestDue()
    {
        var limits = Limits(new BatchingOptions { MaxBatchSize = 8, BatchTimeoutMicros = 1000 });
        var first = new BatchSnapshot(2, time.GetTimestamp(), Closed: false);
        time.Advance(TimeSpan.FromMicroseconds(500));
        var second = new BatchSnapshot(2, time.GetTimestamp(), Closed: false);
        var closed = new BatchSnapshot(8, time.GetTimestamp(), Closed: true);

        var waiting = BatchPolicy.Next([first, second], time.GetTimestamp(), limits);
        var runnable = BatchPolicy.Next([first, second, closed], time.GetTimestamp(), limits);
        time.Advance(TimeSpan.FromMicroseconds(500));
        var timedOut = BatchPolicy.Next([first, second, closed], time.GetTimestamp(), limits);

        Assert.Equal((-1, first.OpenedAt + (time.TimestampFrequency / 1000)), waiting);
        Assert.Equal(2, runnable.Index);
        Assert.Equal(0, timedOut.Index);
    }

    [Theory]
    [InlineData(5, 3, 0, nameof(BatchPlacement.JoinOpen))]
    [InlineData(6, 3, 0, nameof(BatchPlacement.CloseAndOpenNew))]
    [InlineData(6, 3, 10, nameof(BatchPlacement.QueueFull))]
    public void Place_OpenBatch_JoinsOnlyWhenRowsFit(int openRows, int rows, int enqueued, string expected)
    {
        var limits = Limits(new BatchingOptions { MaxBatchSize = 8 });

        var placement = BatchPolicy.Place(new BatchSnapshot(openRows, 0, false), rows, enqueued, limits);

        Assert.Equal(Enum.Parse<BatchPlacement>(expected), placement);
    }

    [Theory]
    [InlineData(9, nameof(BatchPlacement.OpenNew))]
    [InlineData(10, nameof(BatchPlacement.QueueFull))]
    public void Place_NoOpenBatch_OpensOneUnlessQueueFull(int enqueued, string expected)
    {
        var limits = Limits(new BatchingOptions());

        Assert.Equal(Enum.Parse<BatchPlacement>(expected), BatchPolicy.Place(null, 1, enqueued, limits));
    }

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 2)]
    [InlineData(3, 4)]
    [InlineData(5, 8)]
    [InlineData(8, 8)]
    public void PaddedSize_AllowedSizes_RoundsUpToNextAllowed(int rows, int expected)
    {
        Assert.Equal(expected, BatchPolicy.PaddedSize(rows, [2, 4, 8]));
    }

    [Fact]
    public void PaddedSize_NoAllowedSizes_Unchanged()
    {
        Assert.Equal(7, BatchPolicy.PaddedSize(7, []));
    }

    [Theory]
    [InlineData(10, 0, new[] { 4, 4, 2 })]
    [InlineData(10, 3, new[] { 3, 4, 3 })]
    [InlineData(8, 4, new[] { 4, 4 })]
    public void SplitSizes_OversizeRequest_FillsOpenRoomThenMaxRows(int rows, int openRoom, int[] expected)
    {
        var limits = Limits(new BatchingOptions { MaxBatchSize = 16, EnableLargeBatchSplitting = true, MaxExecutionBatchSize = 4 });

        var pieces = BatchPolicy.SplitSizes(rows, openRoom, limits);

        Assert.Equal(expected, pieces);
        Assert.Equal(openRoom > 0 ? expected.Length - 1 : expected.Length, BatchPolicy.NewBatchesFor(pieces, openRoom));
    }

    private BatchLimits Limits(BatchingOptions options) => BatchLimits.From(options, time.TimestampFrequency);
}
