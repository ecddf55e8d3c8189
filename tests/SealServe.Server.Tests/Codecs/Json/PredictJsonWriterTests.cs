using System.Buffers;
using System.Text;
using System.Text.Json;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;

namespace SealServe.Server.Tests.Codecs.Json;

public sealed class PredictJsonWriterTests
{
    [Fact]
    public void Write_HalfPlusTwoRows_MatchesTfServingBytes()
    {
        var outputs = Outputs(("outputs", Tensor.FromValues(new TensorShape(3), 2.5f, 3f, 4.5f)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [2.5, 3.0, 4.5\n    ]\n}", json);
    }

    [Fact]
    public void Write_RowsOfMatrices_EachPredictionOnOneLine()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(2, 2), 1f, 2f, 3f, 4f)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [[1.0, 2.0], [3.0, 4.0]\n    ]\n}", json);
    }

    [Fact]
    public void Write_RowsOfRank3_NestsSingleLineArrays()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(1, 2, 2), 1, 2, 3, 4)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [[[1, 2], [3, 4]]\n    ]\n}", json);
    }

    [Fact]
    public void Write_RowsWithSeveralOutputs_ListOfMultiLineObjects()
    {
        var outputs = Outputs(
            ("a", Tensor.FromValues(new TensorShape(2), 1f, 2f)),
            ("b", Tensor.FromValues(new TensorShape(2, 2), 1L, 2L, 3L, 4L)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal(
            "{\n    \"predictions\": [\n        {\n            \"a\": 1.0,\n            \"b\": [1, 2]\n        },\n"
            + "        {\n            \"a\": 2.0,\n            \"b\": [3, 4]\n        }\n    ]\n}",
            json);
    }

    [Fact]
    public void Write_RowsWithBatchZero_EmptyPredictions()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(0, 3), Array.Empty<float>())));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": []\n}", json);
    }

    [Fact]
    public void Write_RowsWithEmptyInnerDimension_EmptyListPerRow()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(2, 0), Array.Empty<float>())));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [[], []\n    ]\n}", json);
    }

    [Fact]
    public void Write_RowsWithScalarOutput_ThrowsNoShapeInformation()
    {
        var outputs = Outputs(("y", Tensor.FromValues(TensorShape.Scalar, 1f)));

        var error = Assert.Throws<ServingException>(() => Write(outputs, rowFormat: true));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Tensor name: y has no shape information ", error.Message);
    }

    [Fact]
    public void Write_RowsWithDifferentBatchSizes_ThrowsInconsistentBatchSize()
    {
        var outputs = Outputs(
            ("a", Tensor.FromValues(new TensorShape(2), 1f, 2f)),
            ("b", Tensor.FromValues(new TensorShape(3), 1f, 2f, 3f)));

        var error = Assert.Throws<ServingException>(() => Write(outputs, rowFormat: true));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Tensor name: b has inconsistent batch size: 3 expecting: 2", error.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Write_NoOutputs_ThrowsEmptyTensorMap(bool rowFormat)
    {
        var error = Assert.Throws<ServingException>(() => Write([], rowFormat));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Cannot convert empty tensor map to JSON", error.Message);
    }

    [Fact]
    public void Write_Error_LeavesOutputUntouched()
    {
        var output = new ArrayBufferWriter<byte>();
        var outputs = Outputs(
            ("a", Tensor.FromValues(new TensorShape(2), 1f, 2f)),
            ("b", Tensor.FromValues(TensorShape.Scalar, 1f)));

        Assert.Throws<ServingException>(() => PredictJsonWriter.Write(output, outputs, rowFormat: true));

        Assert.Equal(0, output.WrittenCount);
    }

    [Fact]
    public void Write_ColumnarVector_EveryElementOnItsOwnLine()
    {
        var outputs = Outputs(("outputs", Tensor.FromValues(new TensorShape(3), 2.5f, 3f, 4.5f)));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": [\n        2.5,\n        3.0,\n        4.5\n    ]\n}", json);
    }

    [Fact]
    public void Write_ColumnarScalar_BareValue()
    {
        var outputs = Outputs(("y", Tensor.FromValues(TensorShape.Scalar, 3f)));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": 3.0\n}", json);
    }

    [Fact]
    public void Write_ColumnarMatrix_NestedMultiLineArrays()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(2, 2), 1, 2, 3, 4)));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal(
            "{\n    \"outputs\": [\n        [\n            1,\n            2\n        ],\n        [\n            3,\n            4\n        ]\n    ]\n}",
            json);
    }

    [Fact]
    public void Write_ColumnarSeveralOutputs_ObjectByAliasWithScalars()
    {
        var outputs = Outputs(
            ("a", Tensor.FromValues(TensorShape.Scalar, 1.0)),
            ("b", Tensor.FromValues(new TensorShape(1), true)));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": {\n        \"a\": 1.0,\n        \"b\": [\n            true\n        ]\n    }\n}", json);
    }

    [Fact]
    public void Write_ColumnarEmptyTensor_EmptyList()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(0), Array.Empty<int>())));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": []\n}", json);
    }

    [Fact]
    public void Write_BytesSuffixRow_Base64Objects()
    {
        var outputs = Outputs(("out_bytes", Tensor.CreateStrings(new TensorShape(2), [[0xFF, 0x00], Encoding.UTF8.GetBytes("hi")])));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal(
            "{\n    \"predictions\": [{\n            \"b64\": \"/wA=\"\n        }, {\n            \"b64\": \"aGk=\"\n        }\n    ]\n}",
            json);
    }

    [Fact]
    public void Write_BytesSuffixColumnar_Base64Objects()
    {
        var outputs = Outputs(("out_bytes", Tensor.CreateStrings(new TensorShape(1), [Encoding.UTF8.GetBytes("hello")])));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": [\n        {\n            \"b64\": \"aGVsbG8=\"\n        }\n    ]\n}", json);
    }

    [Fact]
    public void Write_StringWithoutBytesSuffix_JsonStringEscapedLikeRapidJson()
    {
        var outputs = Outputs(("text", Tensor.CreateStrings(new TensorShape(1), [Encoding.UTF8.GetBytes("say \"hé\"\n\\/\u0001\u007f")])));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [\"say \\\"hé\\\"\\n\\\\/\\u0001\u007f\"\n    ]\n}", json);
    }

    [Fact]
    public void Write_StringWithInvalidUtf8_EscapesEachBadByteAsLatin1()
    {
        var outputs = Outputs(("text", Tensor.CreateStrings(new TensorShape(1), [[(byte)'a', 0xFF, 0xC3, (byte)'b', 0xC3, 0xA9]])));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [\"a\\u00FF\\u00C3bé\"\n    ]\n}", json);
        using var document = JsonDocument.Parse(json);
        Assert.Equal("a\u00ff\u00c3bé", document.RootElement.GetProperty("predictions")[0].GetString());
    }

    [Fact]
    public void Write_BytesSuffixOnNonString_WritesNumbers()
    {
        var outputs = Outputs(("n_bytes", Tensor.FromValues(new TensorShape(1), 7)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [7\n    ]\n}", json);
    }

    [Fact]
    public void Write_IntegerTypes_PrintedAsJsonIntegers()
    {
        var outputs = Outputs(
            ("i16", Tensor.FromValues(new TensorShape(2), short.MinValue, short.MaxValue)),
            ("i32", Tensor.FromValues(new TensorShape(2), int.MinValue, int.MaxValue)),
            ("i64", Tensor.FromValues(new TensorShape(2), long.MinValue, long.MaxValue)),
            ("i8", Tensor.FromValues(new TensorShape(2), sbyte.MinValue, sbyte.MaxValue)),
            ("u16", Tensor.FromValues(new TensorShape(2), ushort.MinValue, ushort.MaxValue)),
            ("u32", Tensor.FromValues(new TensorShape(2), uint.MinValue, uint.MaxValue)),
            ("u64", Tensor.FromValues(new TensorShape(2), ulong.MinValue, ulong.MaxValue)),
            ("u8", Tensor.FromValues(new TensorShape(2), byte.MinValue, byte.MaxValue)));

        var json = Write(outputs, rowFormat: false);

        using var document = JsonDocument.Parse(json);
        var o = document.RootElement.GetProperty("outputs");
        Assert.Equal("[-32768,32767]", Compact(o.GetProperty("i16")));
        Assert.Equal("[-2147483648,2147483647]", Compact(o.GetProperty("i32")));
        Assert.Equal("[-9223372036854775808,9223372036854775807]", Compact(o.GetProperty("i64")));
        Assert.Equal("[-128,127]", Compact(o.GetProperty("i8")));
        Assert.Equal("[0,65535]", Compact(o.GetProperty("u16")));
        Assert.Equal("[0,4294967295]", Compact(o.GetProperty("u32")));
        Assert.Equal("[0,18446744073709551615]", Compact(o.GetProperty("u64")));
        Assert.Equal("[0,255]", Compact(o.GetProperty("u8")));
    }

    [Fact]
    public void Write_BoolTensor_TrueFalse()
    {
        var outputs = Outputs(("b", Tensor.FromValues(new TensorShape(3), true, false, true)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [true, false, true\n    ]\n}", json);
    }

    [Fact]
    public void Write_DoubleTensor_UsesDoublePrecision()
    {
        var outputs = Outputs(("d", Tensor.FromValues(new TensorShape(3), 0.1, 1.0 / 3.0, 9e6)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [0.1, 0.33333333333333331, 9e+06\n    ]\n}", json);
    }

    [Fact]
    public void Write_HalfTensor_PrintedAsFloat()
    {
        var outputs = Outputs(("h", Tensor.FromValues(new TensorShape(3), (Half)1.5f, (Half)0.1f, Half.PositiveInfinity)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [1.5, 0.0999755859, Infinity\n    ]\n}", json);
    }

    [Fact]
    public void Write_BFloat16Tensor_PrintedAsFloat()
    {
        var tensor = Tensor.Allocate(DataType.BFloat16, new TensorShape(3));
        tensor.AsSpan<ushort>()[0] = 0x3F80;
        tensor.AsSpan<ushort>()[1] = 0xC040;
        tensor.AsSpan<ushort>()[2] = 0x3DCD;
        var outputs = Outputs(("bf", tensor));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [1.0, -3.0, 0.100097656\n    ]\n}", json);
    }

    [Fact]
    public void Write_NonFiniteFloats_BareTokens()
    {
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(3), float.NaN, float.PositiveInfinity, float.NegativeInfinity)));

        var json = Write(outputs, rowFormat: true);

        Assert.Equal("{\n    \"predictions\": [NaN, Infinity, -Infinity\n    ]\n}", json);
    }

    [Fact]
    public void Write_UnsupportedTypeWithValues_ThrowsFailedToWrite()
    {
        var outputs = Outputs(("c", Tensor.Allocate(DataType.Complex64, new TensorShape(1))));

        var error = Assert.Throws<ServingException>(() => Write(outputs, rowFormat: false));

        Assert.Equal(StatusCode.InvalidArgument, error.Code);
        Assert.Equal("Failed to write JSON value for tensor type: complex64", error.Message);
    }

    [Fact]
    public void Write_UnsupportedTypeWithoutValues_WritesEmptyList()
    {
        var outputs = Outputs(("c", Tensor.Allocate(DataType.Complex64, new TensorShape(0))));

        var json = Write(outputs, rowFormat: false);

        Assert.Equal("{\n    \"outputs\": []\n}", json);
    }

    [Fact]
    public void Write_MillionFloats_ValidJsonWithEveryValue()
    {
        var values = new float[1_000_000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = i * 0.25f;
        }

        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(values.Length), values)));

        var json = Write(outputs, rowFormat: true);

        using var document = JsonDocument.Parse(json);
        var predictions = document.RootElement.GetProperty("predictions");
        Assert.Equal(values.Length, predictions.GetArrayLength());
        Assert.Equal(249999.75f, predictions[999_999].GetSingle());
    }

    [Fact]
    public void Write_HighRankTensor_WritesWithoutRecursion()
    {
        var dims = Enumerable.Repeat(1L, 200).ToArray();
        var outputs = Outputs(("y", Tensor.FromValues(new TensorShape(dims), 5)));

        var json = Write(outputs, rowFormat: true);

        var expected = "{\n    \"predictions\": [" + new string('[', 199) + "5" + new string(']', 199) + "\n    ]\n}";
        Assert.Equal(expected, json);
    }

    [Fact]
    public void Write_LongAlias_KeyWrittenInFull()
    {
        var alias = new string('k', 5000);
        var outputs = Outputs(
            (alias, Tensor.FromValues(new TensorShape(1), 1)),
            ("z", Tensor.FromValues(new TensorShape(1), 2)));

        var json = Write(outputs, rowFormat: true);

        using var document = JsonDocument.Parse(json);
        Assert.Equal(1, document.RootElement.GetProperty("predictions")[0].GetProperty(alias).GetInt32());
    }

    private static KeyValuePair<string, Tensor>[] Outputs(params (string Alias, Tensor Tensor)[] outputs) =>
        outputs.Select(o => KeyValuePair.Create(o.Alias, o.Tensor)).ToArray();

    private static string Write(IReadOnlyList<KeyValuePair<string, Tensor>> outputs, bool rowFormat)
    {
        var output = new ArrayBufferWriter<byte>();
        PredictJsonWriter.Write(output, outputs, rowFormat);
        return Encoding.UTF8.GetString(output.WrittenSpan);
    }

    private static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
