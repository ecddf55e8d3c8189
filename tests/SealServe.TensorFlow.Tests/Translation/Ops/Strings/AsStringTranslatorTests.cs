using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Strings;

public sealed class AsStringTranslatorTests
{
    [Fact]
    public void Translate_Int64_DecimalStrings()
    {
        var y = TranslationHarness.RunOp("AsString", DataType.Int64, [0L, -12L, 345L], [3]);

        Assert.Equal(["0", "-12", "345"], y.As<string>());
    }

    [Fact]
    public void Translate_Float_FailsNamingTheType()
    {
        var error = Assert.Throws<ServingException>(() => TranslationHarness.RunOp("AsString", DataType.Float, [1.5f], [1]));

        Assert.Contains("DT_FLOAT", error.Message, StringComparison.Ordinal);
    }
}
