using Onnx;
using SealServe.TensorFlow.Translation.Onnx;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Translation;

/// <summary>Small ONNX building blocks several translators share; constants are computed instead of emitted.</summary>
internal static class EmitExtensions
{
    /// <summary><paramref name="value"/> as <paramref name="dataType"/>: a converted constant, or a Cast node.</summary>
    public static string CastTo(this TranslationContext context, string value, DataType dataType)
    {
        if (context.TryGetConstant(value) is { IsString: false } constant)
        {
            return constant.DataType == dataType ? value : context.AddConstant(constant.CastTo(dataType));
        }

        return context.Emit("Cast", [value], [OnnxAttr.Int("to", OnnxTypes.ToOnnx(dataType))]);
    }

    /// <summary>Input <paramref name="index"/> of <paramref name="node"/> as int64 (TF shapes, axes and sizes are often int32; ONNX wants int64).</summary>
    public static string Int64Input(this TranslationContext context, TfNode node, int index) => context.CastTo(context.Input(node, index), DataType.Int64);

    /// <summary>Input <paramref name="index"/> as a 1-D int64 tensor (TF takes a scalar or a vector for axes and sizes; ONNX wants a vector).</summary>
    public static string Int64Vector(this TranslationContext context, TfNode node, int index) =>
        context.Emit("Reshape", [context.Int64Input(node, index), context.Int64s(-1)]);

    public static string Unsqueeze(this TranslationContext context, string value, params long[] axes) =>
        context.Emit("Unsqueeze", [value, context.Int64s(axes)]);

    public static string Squeeze(this TranslationContext context, string value, params long[] axes) =>
        context.Emit("Squeeze", axes.Length == 0 ? [value] : [value, context.Int64s(axes)]);

    public static string Transpose(this TranslationContext context, string value, IReadOnlyList<long> perm, string? output = null) =>
        context.Emit("Transpose", [value], [OnnxAttr.Ints("perm", perm)], output);

    /// <summary>A node of op <paramref name="opType"/> over all the node's inputs, written to its output 0.</summary>
    public static void EmitSame(this TranslationContext context, TfNode node, string opType, IReadOnlyList<AttributeProto>? attributes = null) =>
        context.Emit(opType, [.. Enumerable.Range(0, node.Inputs.Count).Select(i => context.Input(node, i))], attributes, context.Output(node));

    /// <summary>NHWC → NCHW for a rank-4 (or rank-N) value.</summary>
    public static long[] ChannelsFirst(int rank) => [0, rank - 1, .. Enumerable.Range(1, rank - 2).Select(i => (long)i)];

    /// <summary>NCHW → NHWC for a rank-4 (or rank-N) value.</summary>
    public static long[] ChannelsLast(int rank) => [0, .. Enumerable.Range(2, rank - 2).Select(i => (long)i), 1];
}
