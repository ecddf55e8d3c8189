using System.Reflection;
using SealServe.TensorFlow.Translation;

namespace SealServe.TensorFlow.Tests.Translation;

public sealed class OpTranslatorRegistryTests
{
    private static readonly Type[] Translators = [.. typeof(IOpTranslator).Assembly.GetTypes().Where(t => t.GetCustomAttributes<TfOpAttribute>().Any())];

    [Fact]
    public void FromTypes_TwoTranslatorsForOneOp_FailsNamingBoth()
    {
        var error = Assert.Throws<InvalidOperationException>(() => OpTranslatorRegistry.FromTypes([typeof(FirstNeg), typeof(SecondNeg)]));

        Assert.Equal("TensorFlow op 'Neg' is registered by both FirstNeg and SecondNeg.", error.Message);
    }

    [Fact]
    public void FromTypes_AttributeOnANonTranslator_Fails()
    {
        Assert.Throws<InvalidOperationException>(() => OpTranslatorRegistry.FromTypes([typeof(NotATranslator)]));
    }

    [Fact]
    public void Default_EveryTranslator_IsInternalSealedAndStateless()
    {
        Assert.All(Translators, type =>
        {
            Assert.True(type.IsSealed && type.IsNotPublic, $"{type.Name} must be internal sealed.");
            Assert.Empty(type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic));
        });
    }

    [Fact]
    public void Default_EveryOp_DescribesItsOnnxMapping()
    {
        var registry = OpTranslatorRegistry.Default;

        Assert.All(registry.OpNames, op => Assert.False(string.IsNullOrWhiteSpace(registry.Describe(op).Onnx), op));
    }

    [Fact]
    public void Default_EveryTranslator_HasItsOwnTestClass()
    {
        var tests = typeof(OpTranslatorRegistryTests).Assembly.GetTypes().Select(t => t.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(Translators, type => Assert.Contains(type.Name + "Tests", tests));
    }

    [TfOp("Neg", Onnx = "Neg")]
    private sealed class FirstNeg : IOpTranslator
    {
        public void Translate(TfNode node, TranslationContext context) => throw new NotSupportedException();
    }

    [TfOp("Neg", Onnx = "Neg")]
    private sealed class SecondNeg : IOpTranslator
    {
        public void Translate(TfNode node, TranslationContext context) => throw new NotSupportedException();
    }

    [TfOp("Nothing", Onnx = "—")]
    private sealed class NotATranslator;
}
