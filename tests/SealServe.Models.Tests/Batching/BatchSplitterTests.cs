using SealServe.Core.Tensors;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class BatchSplitterTests
{
    [Fact]
    public void TrySplit_TwoRequestsAndPadding_SlicesShareTheOutputUntilTheLastIsDisposed()
    {
        var owner = new TrackingOwner();
        var output = Tensor.Create(DataType.Float, new TensorShape(4, 1), new float[] { 1, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray(), owner);
        List<BatchTask> tasks = [Task(1), Task(2)];

        Assert.True(BatchSplitter.TrySplit([output], tasks, paddedRows: 4, out var parts, out _));

        Assert.Equal([1f], parts[0][0].AsSpan<float>().ToArray());
        Assert.Equal([2f, 3f], parts[1][0].AsSpan<float>().ToArray());
        Assert.Equal(new TensorShape(2, 1), parts[1][0].Shape);
        parts[0][0].Dispose();
        parts[0][0].Dispose();
        Assert.False(owner.Disposed);
        parts[1][0].Dispose();
        Assert.True(owner.Disposed);
    }

    [Theory]
    [InlineData(new long[0], "Batched output tensor has 0 dimensions")]
    [InlineData(new long[] { 1 }, "Batched output tensor's 0th dimension does not equal the sum of the 0th dimension sizes of the input tensors")]
    public void TrySplit_OutputNotBatchMajor_FalseWithTfTextAndOutputUntouched(long[] dims, string message)
    {
        var owner = new TrackingOwner();
        using var output = Tensor.Create(DataType.Float, new TensorShape(dims), new byte[4 * new TensorShape(dims).ElementCount], owner);

        var split = BatchSplitter.TrySplit([output], [Task(1), Task(2)], paddedRows: 3, out var parts, out var notBatchMajor);

        Assert.False(split);
        Assert.Null(parts);
        Assert.Equal(message, notBatchMajor);
        Assert.False(owner.Disposed);
    }

    private static BatchTask Task(int rows) => new([], rows, CancellationToken.None);

    private sealed class TrackingOwner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
