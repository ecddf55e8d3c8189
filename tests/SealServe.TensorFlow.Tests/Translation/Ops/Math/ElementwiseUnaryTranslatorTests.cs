using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Tests.Translation.Ops.Math;

public sealed class ElementwiseUnaryTranslatorTests
{
    private static readonly float[] X = [-2f, -0.5f, 0f, 0.5f, 1.5f, 2.5f];

    public static TheoryData<string, Func<float, float>> Ops => new()
    {
        { "Relu", x => MathF.Max(x, 0) },
        { "Elu", x => x > 0 ? x : MathF.Exp(x) - 1 },
        { "Selu", x => 1.0507009873554805f * (x > 0 ? x : 1.6732632423543772f * (MathF.Exp(x) - 1)) },
        { "Sigmoid", x => 1 / (1 + MathF.Exp(-x)) },
        { "Tanh", MathF.Tanh },
        { "Softplus", x => MathF.Log(1 + MathF.Exp(x)) },
        { "Softsign", x => x / (1 + MathF.Abs(x)) },
        { "Exp", MathF.Exp },
        { "Neg", x => -x },
        { "Abs", MathF.Abs },
        { "Floor", MathF.Floor },
        { "Ceil", MathF.Ceiling },
        { "Round", x => MathF.Round(x, MidpointRounding.ToEven) },
        { "Sign", x => MathF.Sign(x) },
        { "Sin", MathF.Sin },
        { "Cos", MathF.Cos },
        { "Atan", MathF.Atan },
        { "Sinh", MathF.Sinh },
        { "Asinh", MathF.Asinh },
    };

    [Theory]
    [MemberData(nameof(Ops))]
    public void Translate_FloatOp_MatchesTfDefinition(string op, Func<float, float> expected)
    {
        var y = TranslationHarness.RunOp(op, DataType.Float, X, [2, 3]);

        Assert.Equal([2, 3], y.Shape);
        TranslationHarness.Close(X.Select(expected), y);
    }

    [Theory]
    [InlineData("Sqrt")]
    [InlineData("Log")]
    [InlineData("Reciprocal")]
    [InlineData("Inv")]
    public void Translate_PositiveDomainOp_MatchesTfDefinition(string op)
    {
        float[] x = [0.25f, 1f, 4f];
        Func<float, float> expected = op switch { "Sqrt" => MathF.Sqrt, "Log" => MathF.Log, _ => v => 1 / v };

        var y = TranslationHarness.RunOp(op, DataType.Float, x, [3]);

        TranslationHarness.Close(x.Select(expected), y);
    }

    [Fact]
    public void Translate_Erf_MatchesTabulatedValues()
    {
        var y = TranslationHarness.RunOp("Erf", DataType.Float, [0f, 0.5f, -1f], [3]);

        TranslationHarness.Close([0f, 0.5204999f, -0.8427008f], y);
    }

    [Fact]
    public void Translate_Softmax_NormalizesTheLastAxis()
    {
        var y = TranslationHarness.RunOp("Softmax", DataType.Float, [1f, 2f, 3f, 0f, 0f, 0f], [2, 3]);
        var e = new[] { MathF.Exp(1), MathF.Exp(2), MathF.Exp(3) };

        TranslationHarness.Close([.. e.Select(v => v / e.Sum()), 1 / 3f, 1 / 3f, 1 / 3f], y);
    }

    [Fact]
    public void Translate_LogSoftmax_IsLogOfSoftmaxOverTheLastAxis()
    {
        var y = TranslationHarness.RunOp("LogSoftmax", DataType.Float, [0f, 0f, 1f, 1f], [2, 2]);

        TranslationHarness.Close(Enumerable.Repeat(MathF.Log(0.5f), 4), y);
    }

    [Fact]
    public void Translate_IsNan_FlagsNaNOnly()
    {
        var y = TranslationHarness.RunOp("IsNan", DataType.Float, [float.NaN, 1f, float.PositiveInfinity], [3]);

        Assert.Equal([true, false, false], y.As<bool>());
    }

    [Fact]
    public void Translate_LogicalNot_Negates()
    {
        var y = TranslationHarness.RunOp("LogicalNot", DataType.Bool, [true, false], [2]);

        Assert.Equal([false, true], y.As<bool>());
    }
}
