using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class BatchSplitterTests
{
    [Fact]
    public void Split_TwoRequestsAndPadding_SlicesShareTheOutputUntilTheLastIsDisposed()
    {
        var owner = new TrackingOwner();
        var output = Tensor.Create(DataType.Float, new TensorShape(4, 1), new float[] { 1, 2, 3, 4 }.SelectMany(BitConverter.GetBytes).ToArray(), owner);
        List<BatchTask> tasks = [Task(1), Task(2)];

        var parts = BatchSplitter.Split([output], tasks, paddedRows: 4);

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
    public void Split_OutputNotBatchMajor_FailedPreconditionTfText(long[] dims, string message)
    {
        using var output = Tensor.Allocate(DataType.Float, new TensorShape(dims));

        var error = Assert.Throws<ServingException>(() => BatchSplitter.Split([output], [Task(1), Task(2)], paddedRows: 3));

        Assert.Equal((StatusCode.FailedPrecondition, message), (error.Code, error.Message));
    }

    private static BatchTask Task(int rows) => new([], rows, CancellationToken.None);

    private sealed class TrackingOwner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
