using Onnx;
using SealServe.TensorFlow.Translation;
using SealServe.TensorFlow.Translation.Onnx;
using SealServe.TensorFlow.Translation.Optimizers;

namespace SealServe.TensorFlow.Tests.Translation.Optimizers;

public sealed class ConstantEvaluatorTests
{
    [Fact]
    public void TryEvaluate_IntegerDivAndMod_FollowOnnxSemantics()
    {
        var a = TensorValue.Vector(7L, -7L);
        var b = TensorValue.Scalar(2L);

        var quotient = Evaluate("Div", [a, b]);
        var remainder = Evaluate("Mod", [a, b]);

        Assert.Equal([3L, -3L], quotient!.ToInt64s());
        Assert.Equal([1L, 1L], remainder!.ToInt64s());
    }

    [Fact]
    public void TryEvaluate_SliceNegativeStep_ReversesWithinBounds()
    {
        var value = Evaluate("Slice", [TensorValue.Vector(1, 2, 3, 4), TensorValue.Vector(-1L), TensorValue.Vector(long.MinValue), TensorValue.Vector(0L), TensorValue.Vector(-2L)]);

        Assert.Equal([4L, 2L], value!.ToInt64s());
    }

    [Fact]
    public void TryEvaluate_GatherAndConcat_BuildAShapeVector()
    {
        var dims = Evaluate("Gather", [TensorValue.Vector(5L, 6L, 7L), TensorValue.Vector(2L, 0L)], OnnxAttr.Int("axis", 0));

        var shape = Evaluate("Concat", [dims!, TensorValue.Vector(-1L)], OnnxAttr.Int("axis", 0));

        Assert.Equal([7L, 5L, -1L], shape!.ToInt64s());
    }

    [Fact]
    public void TryEvaluate_WhereWithBroadcasting_PicksPerElement()
    {
        var value = Evaluate("Where", [TensorValue.Vector(true, false, true), TensorValue.Scalar(9L), TensorValue.Vector(1L, 2L, 3L)]);

        Assert.Equal([9L, 2L, 9L], value!.ToInt64s());
    }

    [Fact]
    public void TryEvaluate_TransposeOfAMatrix_MovesElements()
    {
        var value = Evaluate("Transpose", [TensorValue.FromArray([2, 3], new[] { 1f, 2, 3, 4, 5, 6 })], OnnxAttr.Ints("perm", [1, 0]));

        Assert.Equal([3L, 2L], value!.Shape);
        Assert.Equal([1f, 4, 2, 5, 3, 6], value.Span<float>().ToArray());
    }

    [Fact]
    public void TryEvaluate_UnknownOp_IsNull()
    {
        Assert.Null(Evaluate("Erf", [TensorValue.Scalar(1f)]));
    }

    private static TensorValue? Evaluate(string op, TensorValue[] inputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Output = { "out" } };
        node.Input.AddRange(inputs.Select((_, i) => $"in{i}"));
        node.Attribute.AddRange(attributes);
        return ConstantEvaluator.TryEvaluate(node, name => inputs[int.Parse(name[2..], System.Globalization.CultureInfo.InvariantCulture)], _ => null, _ => null);
    }
}
