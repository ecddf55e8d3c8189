using Google.Protobuf;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using static SealServe.TensorFlow.Tests.Kernels.Parsing.ParseExampleGraph;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Kernels.Parsing;

/// <summary>ParseExample / ParseExampleV2 against TensorFlow's documented semantics (tf.io.parse_example) and its error texts.</summary>
public sealed class ParseExampleKernelTests
{
    [Fact]
    public void Compute_DenseWithDefault_TakesTheValueOrTheDefault()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1], TensorValue.Vector(7f)).Kernel();

        var outputs = Parse(kernel, Example(("x", Floats(2))), Example(), Example(("other", Floats(5))));

        Assert.Equal(new TensorShape(3, 1), outputs[0].Shape);
        Assert.Equal([2f, 7f, 7f], outputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_RequiredDenseMissing_FailsWithTensorFlowsText()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Kernel();

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("x", Floats(1))), Example(("y", Floats(1)))));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Name: <unknown>, Feature: x (data type: float) is required but could not be found.", error.Message);
    }

    [Fact]
    public void Compute_DenseFeatureWithoutAList_CountsAsMissing()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Int64, [1], TensorValue.Vector(-1L)).Kernel();

        var outputs = Parse(kernel, Example(("x", new Feature())));

        Assert.Equal([-1L], outputs[0].AsSpan<long>().ToArray());
    }

    [Fact]
    public void Compute_DenseOfTheWrongType_NamesTheFeatureAndBothTypes()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Kernel();

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("x", Floats(1))), Example(("x", Int64s(2)))));

        Assert.Equal("Name: <unknown>, Key: x, Index: 1.  Data types don't match. Data type: int64 but expected type: float", error.Message);
    }

    [Fact]
    public void Compute_DenseWithTheWrongNumberOfValues_SaysHowManyAndTheShape()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [2, 2]).Kernel();

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("x", Floats(1, 2, 3)))));

        Assert.Equal("Name: <unknown>, Key: x, Index: 0.  Number of float values != expected.  Values size: 3 but output shape: [2,2]", error.Message);
    }

    [Fact]
    public void Compute_DenseShapesOfAnyRank_GiveBatchMajorTensors()
    {
        var kernel = new ParseExampleGraph()
            .Dense("matrix", DataType.Int64, [2, 3])
            .Dense("word", DataType.String, [], TensorValue.FromStrings([], ["none"u8.ToArray()]))
            .Kernel();

        var outputs = Parse(kernel, Example(("matrix", Int64s(1, 2, 3, 4, 5, 6)), ("word", Bytes("hi"))), Example(("matrix", Int64s(6, 5, 4, 3, 2, 1))));

        Assert.Equal(new TensorShape(2, 2, 3), outputs[0].Shape);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 6, 5, 4, 3, 2, 1], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal(new TensorShape(2), outputs[1].Shape);
        Assert.Equal(["hi", "none"], outputs[1].Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)));
    }

    [Fact]
    public void Compute_VariableLengthDense_PadsWithTheDefaultToTheLongestExample()
    {
        var kernel = new ParseExampleGraph().Dense("v", DataType.Float, [-1, 2], TensorValue.Scalar(-1f)).Kernel();

        var outputs = Parse(kernel, Example(("v", Floats(1, 2, 3, 4))), Example(), Example(("v", Floats(5, 6))));

        Assert.Equal(new TensorShape(3, 2, 2), outputs[0].Shape);
        Assert.Equal([1f, 2, 3, 4, -1, -1, -1, -1, 5, 6, -1, -1], outputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_VariableLengthDenseNotAMultipleOfTheStride_FailsWithTensorFlowsText()
    {
        var kernel = new ParseExampleGraph().Dense("v", DataType.Float, [-1, 2], TensorValue.Scalar(0f)).Kernel();

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("v", Floats(1, 2, 3)))));

        Assert.Equal("Name: <unknown>, Key: v, Index: 0.  Number of float values is not a multiple of stride length. Saw 3 values but output shape is: [?,2]", error.Message);
    }

    [Fact]
    public void Compute_Sparse_GivesIndicesValuesAndDenseShape()
    {
        var kernel = new ParseExampleGraph().Sparse("ids", DataType.Int64).Sparse("tags", DataType.String).Kernel();

        var outputs = Parse(kernel, Example(("ids", Int64s(7, 8)), ("tags", Bytes("a"))), Example(), Example(("ids", Int64s(9))));

        Assert.Equal(new TensorShape(3, 2), outputs[0].Shape);
        Assert.Equal([0L, 0, 0, 1, 2, 0], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal([0L, 0], outputs[1].AsSpan<long>().ToArray());
        Assert.Equal([7L, 8, 9], outputs[2].AsSpan<long>().ToArray());
        Assert.Equal(["a"], outputs[3].Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)));
        Assert.Equal([3L, 2], outputs[4].AsSpan<long>().ToArray());
        Assert.Equal([3L, 1], outputs[5].AsSpan<long>().ToArray());
    }

    [Fact]
    public void Compute_SparseOfTheWrongType_NamesExpectedAndActualTypes()
    {
        var kernel = new ParseExampleGraph().Sparse("ids", DataType.Int64).Kernel();

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("ids", Floats(1)))));

        Assert.Equal("Name: <unknown>, Key: ids, Index: 0.  Data types don't match. Expected type: int64, Actual type: float", error.Message);
    }

    [Theory]
    [InlineData(DataType.Int64)]
    [InlineData(DataType.Int32)]
    public void Compute_Ragged_GivesFlatValuesAndRowSplits(DataType splits)
    {
        var kernel = new ParseExampleGraph().Ragged("words", DataType.String, splits).Kernel();

        var outputs = Parse(kernel, Example(("words", Bytes("a", "b"))), Example(), Example(("words", Bytes("c"))));

        Assert.Equal(["a", "b", "c"], outputs[0].Strings.Select(s => System.Text.Encoding.UTF8.GetString(s)));
        Assert.Equal(splits, outputs[1].DataType);
        Assert.Equal([0L, 2, 2, 3], splits == DataType.Int64 ? outputs[1].AsSpan<long>().ToArray() : [.. outputs[1].AsSpan<int>().ToArray().Select(v => (long)v)]);
    }

    [Fact]
    public void Compute_MergedExamples_LastValueOfAKeyWins()
    {
        // ExampleListWithContext sends context ++ example: a feature in both takes the example's value.
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Dense("shared", DataType.Float, [1]).Kernel();
        var context = Example(("shared", Floats(10)), ("x", Floats(-1)));
        var example = Example(("x", Floats(3)));

        var outputs = kernel.Compute([Tensor.CreateStrings(new TensorShape(1), [[.. context.ToByteArray(), .. example.ToByteArray()]])]);

        Assert.Equal([3f], outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([10f], outputs[1].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_NotAnExample_FailsNamingTheInput()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1], TensorValue.Vector(0f)).Kernel();

        var error = Assert.Throws<ServingException>(() => kernel.Compute([Tensor.CreateStrings(new TensorShape(1), [[0x0A, 0x05, 0x0A]])]));

        Assert.StartsWith("Could not parse example input, value: '", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compute_ExamplesWithTheirFeaturesInOtherOrders_EachValueToItsKey()
    {
        // The parser first tries the key found at the same entry position in the previous example.
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Dense("y", DataType.Float, [1]).Kernel();

        var outputs = Parse(kernel, Example(("x", Floats(1)), ("y", Floats(2))), Example(("y", Floats(4)), ("x", Floats(3))), Example(("other", Floats(9)), ("x", Floats(5)), ("y", Floats(6))));

        Assert.Equal([1f, 3f, 5f], outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([2f, 4f, 6f], outputs[1].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_ValidExampleInAnotherFieldOrder_ParsesAsProtobufReadsIt()
    {
        // A Classify request's examples reach the graph as the client wrote them: a map entry with its value before
        // its key, and an unknown field inside a Feature, are still a valid Example (TF Serving re-serializes them).
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Kernel();
        byte[] feature = [0x12, 0x06, 0x0A, 0x04, .. BitConverter.GetBytes(2.5f), 0x28, 0x01];
        byte[] entry = [0x12, (byte)feature.Length, .. feature, 0x0A, 0x01, (byte)'x'];
        byte[] example = [0x0A, (byte)(entry.Length + 2), 0x0A, (byte)entry.Length, .. entry];

        var outputs = kernel.Compute([Tensor.CreateStrings(new TensorShape(1), [example])]);

        Assert.Equal([2.5f], outputs[0].AsSpan<float>().ToArray());
    }

    [Fact]
    public void Compute_ExampleNames_AppearInErrors()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1]).Kernel(names: ["first", "second"]);

        var error = Assert.Throws<ServingException>(() => Parse(kernel, Example(("x", Floats(1))), Example()));

        Assert.Equal("Name: second, Feature: x (data type: float) is required but could not be found.", error.Message);
    }

    [Fact]
    public void Compute_ScalarExampleForV2_HasNoBatchDimension()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [2]).Sparse("ids", DataType.Int64).Kernel(serializedShape: []);

        var outputs = kernel.Compute([Tensor.CreateStrings(TensorShape.Scalar, [Example(("x", Floats(1, 2)), ("ids", Int64s(4, 5, 6))).ToByteArray()])]);

        Assert.Equal(new TensorShape(3, 1), outputs[0].Shape);
        Assert.Equal([0L, 1, 2], outputs[0].AsSpan<long>().ToArray());
        Assert.Equal([3L], outputs[2].AsSpan<long>().ToArray());
        Assert.Equal(new TensorShape(2), outputs[3].Shape);
    }

    [Fact]
    public void Compute_V1WithAMatrixOfExamples_FailsWithTensorFlowsText()
    {
        var kernel = new ParseExampleGraph().Dense("x", DataType.Float, [1], TensorValue.Vector(0f)).Kernel(v1: true);

        var error = Assert.Throws<ServingException>(() => kernel.Compute([Tensor.CreateStrings(new TensorShape(1, 1), [[]])]));

        Assert.Equal("Expected serialized to be a vector, got shape: [1,1]", error.Message);
    }

    [Fact]
    public void Compute_PackedAndUnpackedLists_ReadTheSame()
    {
        var kernel = new ParseExampleGraph().Dense("f", DataType.Float, [2]).Dense("i", DataType.Int64, [2]).Kernel(v1: true);

        // Unpacked (one tag per value) lists, as old writers produce: f = 1.5, 2.5 and i = 3, -4.
        byte[] unpacked = [.. Entry("f", [0x12, 0x0A, 0x0D, .. BitConverter.GetBytes(1.5f), 0x0D, .. BitConverter.GetBytes(2.5f)]), .. Entry("i", [0x1A, 0x0D, 0x08, 0x03, 0x08, .. Varint(unchecked((ulong)-4L))])];
        var packed = Example(("f", Floats(1.5f, 2.5f)), ("i", Int64s(3, -4))).ToByteArray();

        var outputs = kernel.Compute([Tensor.CreateStrings(new TensorShape(2), [[0x0A, .. Varint((ulong)unpacked.Length), .. unpacked], packed])]);

        Assert.Equal([1.5f, 2.5f, 1.5f, 2.5f], outputs[0].AsSpan<float>().ToArray());
        Assert.Equal([3L, -4, 3, -4], outputs[1].AsSpan<long>().ToArray());
    }

    [Fact]
    public void Bind_VariableLengthWithoutAScalarDefault_FailsAtImport()
    {
        var graph = new ParseExampleGraph().Dense("v", DataType.Float, [-1], TensorValue.Vector(0f, 1f));

        var error = Assert.Throws<ServingException>(() => graph.Kernel());

        Assert.Contains("dense_shape[0] is a variable length shape: [?], therefore def_value[0] must contain a single element (the padding element).", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Entry(string key, byte[] feature)
    {
        byte[] entry = [0x0A, (byte)key.Length, .. System.Text.Encoding.UTF8.GetBytes(key), 0x12, .. Varint((ulong)feature.Length), .. feature];
        return [0x0A, .. Varint((ulong)entry.Length), .. entry];
    }

    private static byte[] Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }
}
