using SealServe.Core.Tensors;
using SealServe.TensorFlow.Tests.Translation;
using Tensorflow;
using static SealServe.TensorFlow.Tests.Kernels.KernelRun;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Kernels.Ragged;

/// <summary>RaggedTensor.to_tensor (RaggedTensorToTensor) and to_sparse (RaggedTensorToSparse) on rt = [[9, 8, 7], [], [6, 5], [4]].</summary>
public sealed class RaggedKernelTests
{
    private static readonly Tensor Values = Tensor.FromValues(new TensorShape(6), 9, 8, 7, 6, 5, 4);

    [Fact]
    public void ToTensor_RowSplits_PadsWithTheDefault()
    {
        var y = ToTensor(["ROW_SPLITS"], null, [Tensor.FromValues(new TensorShape(5), 0L, 3, 3, 5, 6)], Values);

        Assert.Equal(new TensorShape(4, 3), y.Shape);
        Assert.Equal([9, 8, 7, 0, 0, 0, 6, 5, 0, 4, 0, 0], y.AsSpan<int>().ToArray());
    }

    [Fact]
    public void ToTensor_ValueRowIds_SameResult()
    {
        var y = ToTensor(["FIRST_DIM_SIZE", "VALUE_ROWIDS"], null, [Tensor.FromValues(TensorShape.Scalar, 4L), Tensor.FromValues(new TensorShape(6), 0L, 0, 0, 2, 2, 3)], Values);

        Assert.Equal([9, 8, 7, 0, 0, 0, 6, 5, 0, 4, 0, 0], y.AsSpan<int>().ToArray());
    }

    [Fact]
    public void ToTensor_ShapeGiven_CutsAndPads()
    {
        // rt.to_tensor(shape=[2, 2]) keeps the first two rows and columns; [5, 4] pads further.
        var cut = ToTensor(["ROW_SPLITS"], [2, 2], [Tensor.FromValues(new TensorShape(5), 0L, 3, 3, 5, 6)], Values);
        var padded = ToTensor(["ROW_SPLITS"], [-1, 4], [Tensor.FromValues(new TensorShape(5), 0L, 3, 3, 5, 6)], Values);

        Assert.Equal([9, 8, 0, 0], cut.AsSpan<int>().ToArray());
        Assert.Equal(new TensorShape(4, 4), padded.Shape);
        Assert.Equal([9, 8, 7, 0, 0, 0, 0, 0, 6, 5, 0, 0, 4, 0, 0, 0], padded.AsSpan<int>().ToArray());
    }

    [Fact]
    public void ToTensor_TwoRaggedDimensionsOfStrings()
    {
        // [[["a", "b"], ["c"]], [], [["d"]]]
        var y = ToTensor(["ROW_SPLITS", "ROW_SPLITS"], null,
            [Tensor.FromValues(new TensorShape(4), 0L, 2, 2, 3), Tensor.FromValues(new TensorShape(4), 0L, 2, 3, 4)], StringTensor("a", "b", "c", "d"), DataType.String);

        Assert.Equal(new TensorShape(3, 2, 2), y.Shape);
        Assert.Equal(["a", "b", "c", "", "", "", "", "", "d", "", "", ""], Text(y));
    }

    [Fact]
    public void ToTensor_BadSplits_FailsClearly()
    {
        var error = Assert.Throws<Core.Errors.ServingException>(() => ToTensor(["ROW_SPLITS"], null, [Tensor.FromValues(new TensorShape(3), 0L, 4, 2)], Values));

        Assert.StartsWith("Ragged splits of dimension 1 must be sorted in ascending order", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToSparse_EntryPerValue()
    {
        var graph = new TfGraphBuilder();
        graph.OpT("RaggedTensorToSparse", "s", DataType.Int32, [graph.Placeholder("splits", DataType.Int64, -1), graph.Placeholder("values", DataType.Int32, -1)], ("RAGGED_RANK", TfGraphBuilder.Int(1)));

        var outputs = Run(graph, "s", 3, ("splits:0", Tensor.FromValues(new TensorShape(5), 0L, 3, 3, 5, 6)), ("values:0", Values));

        Assert.Equal([0L, 0, 0, 1, 0, 2, 2, 0, 2, 1, 3, 0], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal([9, 8, 7, 6, 5, 4], outputs[1].AsSpan<int>().ToArray());
        Assert.Equal([4L, 3], outputs[2].AsSpan<long>().ToArray());
    }

    /// <summary>rt.to_tensor: a null <paramref name="shape"/> is TF's scalar -1, "not given".</summary>
    private static Tensor ToTensor(string[] types, long[]? shape, Tensor[] partitions, Tensor values, DataType type = DataType.Int32)
    {
        var graph = new TfGraphBuilder();
        var list = new AttrValue.Types.ListValue();
        list.S.AddRange(types.Select(Google.Protobuf.ByteString.CopyFromUtf8));
        var defaultValue = type == DataType.String ? graph.Const("d", StringConstant("")) : graph.Scalar("d", 0);
        List<string> inputs = [shape is null ? graph.Scalar("shape", -1L) : graph.Const("shape", shape, shape.Length), graph.Placeholder("values", type, -1), defaultValue];
        var feeds = new List<(string, Tensor)> { ("values:0", values) };
        for (var i = 0; i < partitions.Length; i++)
        {
            inputs.Add(graph.Placeholder($"p{i}", DataType.Int64, partitions[i].Shape.Rank == 0 ? [] : [-1]));
            feeds.Add(($"p{i}:0", partitions[i]));
        }

        graph.OpT("RaggedTensorToTensor", "t", type, inputs, ("row_partition_types", new AttrValue { List = list }));
        return Run(graph, "t", 1, [.. feeds])[0];
    }
}
