using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using CoreTensor = SealServe.Core.Tensors.Tensor;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Lookup;

public sealed class HashTableTranslatorTests
{
    [Fact]
    public void Translate_TableWithoutContents_FailsNamingTheTable()
    {
        var graph = LookupGraph.Find(DataType.String, DataType.Int64, TensorValue.Scalar(-1L));

        var error = Assert.Throws<ServingException>(() => LookupGraph.Translate(graph, null, "found:0"));

        Assert.Equal(StatusCode.FailedPrecondition, error.Code);
        Assert.Contains("Lookup table 'table' (HashTableV2) has no contents", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Translate_ContentsOfOtherTypesThanDeclared_FailsNamingBoth()
    {
        var graph = LookupGraph.Find(DataType.String, DataType.Int64, TensorValue.Scalar(-1L));
        var contents = new LookupTableContents(LookupGraph.Strings("a"), CoreTensor.FromValues(new TensorShape(1), 1f));

        var error = Assert.Throws<ServingException>(() => LookupGraph.Translate(graph, contents, "found:0"));

        Assert.Contains("the table maps string to int64 but is filled with string to float", error.Message, StringComparison.Ordinal);
    }
}
