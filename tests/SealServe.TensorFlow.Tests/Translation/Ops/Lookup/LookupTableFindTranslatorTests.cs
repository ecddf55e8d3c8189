using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using static SealServe.TensorFlow.Tests.Translation.OnnxRun;
using DataType = SealServe.Core.Tensors.DataType;
using CoreTensor = SealServe.Core.Tensors.Tensor;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Lookup;

/// <summary>tf.lookup: find (value or default), size; HashTableV2 contents from the table resolver.</summary>
public sealed class LookupTableFindTranslatorTests
{
    [Fact]
    public void Translate_StringToInt64_FindsValuesAndDefaultsKeepingTheKeysShape()
    {
        var contents = new LookupTableContents(LookupGraph.Strings("cash", "card"), CoreTensor.FromValues(new TensorShape(2), 0L, 1L));

        var ids = Run(contents, DataType.String, DataType.Int64, TensorValue.Scalar(-1L), Feed("keys:0", new[] { "card", "coin", "cash", "card" }, 2, 2));

        Assert.Equal([2, 2], ids.Shape);
        Assert.Equal([1L, -1, 0, 1], ids.As<long>());
    }

    [Fact]
    public void Translate_Int64ToString_IndexToString()
    {
        var contents = new LookupTableContents(CoreTensor.FromValues(new TensorShape(2), 0L, 1L), LookupGraph.Strings("no", "yes"));

        var labels = Run(contents, DataType.Int64, DataType.String, TensorValue.FromStrings([], ["UNK"u8.ToArray()]), Feed("keys:0", new[] { 1L, 5L }, 2));

        Assert.Equal(["yes", "UNK"], labels.As<string>());
    }

    [Fact]
    public void Translate_Int32KeysAndValues_AreWidenedAndNarrowed()
    {
        var contents = new LookupTableContents(CoreTensor.FromValues(new TensorShape(1), 7), CoreTensor.FromValues(new TensorShape(1), 70));

        var values = Run(contents, DataType.Int32, DataType.Int32, TensorValue.Scalar(0), Feed("keys:0", new[] { 7, 8 }, 2));

        Assert.Equal([70, 0], values.As<int>());
    }

    [Fact]
    public void Translate_EmptyTable_GivesTheDefaultEverywhere()
    {
        var contents = new LookupTableContents(LookupGraph.Strings(), CoreTensor.FromValues<float>(new TensorShape(0)));

        var values = Run(contents, DataType.String, DataType.Float, TensorValue.Scalar(0.5f), Feed("keys:0", new[] { "a", "b" }, 2));

        Assert.Equal([0.5f, 0.5f], values.As<float>());
    }

    private static OnnxResult Run(LookupTableContents contents, DataType keyType, DataType valueType, TensorValue defaultValue, Microsoft.ML.OnnxRuntime.NamedOnnxValue keys) =>
        OnnxRun.Run(LookupGraph.Translate(LookupGraph.Find(keyType, valueType, defaultValue), contents, "found:0"), [keys], "found:0")["found:0"];
}
