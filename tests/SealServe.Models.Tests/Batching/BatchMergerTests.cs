using SealServe.Core.Tensors;
using SealServe.Models.Batching;

namespace SealServe.Models.Tests.Batching;

public sealed class BatchMergerTests
{
    [Fact]
    public void Merge_TwoRequests_ConcatenatedAlongDimensionZero()
    {
        List<BatchTask> tasks = [Task(DoublingServable.Floats(0, 1, 2)), Task(DoublingServable.Floats(10, 2, 2))];

        var merged = Assert.Single(BatchMerger.Merge(tasks, paddedRows: 3));

        Assert.Equal(new TensorShape(3, 2), merged.Shape);
        Assert.Equal([0f, 1f, 10f, 11f, 12f, 13f], merged.AsSpan<float>().ToArray());
        merged.Dispose();
    }

    [Fact]
    public void Merge_PaddedToAllowedSize_RepeatsFirstRowOfLastRequest()
    {
        List<BatchTask> tasks = [Task(DoublingServable.Floats(0, 1, 2)), Task(DoublingServable.Floats(10, 2, 2))];

        var merged = Assert.Single(BatchMerger.Merge(tasks, paddedRows: 5));

        Assert.Equal(new TensorShape(5, 2), merged.Shape);
        Assert.Equal([0f, 1f, 10f, 11f, 12f, 13f, 10f, 11f, 10f, 11f], merged.AsSpan<float>().ToArray());
        merged.Dispose();
    }

    [Fact]
    public void Merge_VariableLengthInputs_PaddedToLongestWithEachRequestsFirstElement()
    {
        List<BatchTask> tasks = [Task(DoublingServable.Floats(5, 1, 1)), Task(DoublingServable.Floats(1, 1, 3))];

        var merged = Assert.Single(BatchMerger.Merge(tasks, paddedRows: 2));

        Assert.Equal(new TensorShape(2, 3), merged.Shape);
        Assert.Equal([5f, 5f, 5f, 1f, 2f, 3f], merged.AsSpan<float>().ToArray());
        merged.Dispose();
    }

    private static BatchTask Task(Tensor input) => new([input], (int)input.Shape[0], CancellationToken.None);
}
