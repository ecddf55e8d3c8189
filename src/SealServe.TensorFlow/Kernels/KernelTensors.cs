using System.Runtime.InteropServices;
using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels;

/// <summary>What kernels share to read their inputs and build their outputs, with TensorFlow's error texts.</summary>
internal static class KernelTensors
{
    /// <summary>The elements of a string input; fails naming <paramref name="role"/> when it is not a string tensor.</summary>
    public static IReadOnlyList<byte[]> Strings(Tensor tensor, string role) => tensor.IsString
        ? tensor.Strings
        : throw ServingException.InvalidArgument($"Expected {role} to be a string tensor, got {DataTypes.ShortName(tensor.DataType)}.");

    /// <summary>The elements of an int32 or int64 input as <c>long</c>.</summary>
    public static long[] Int64s(Tensor tensor, string role) => tensor.DataType switch
    {
        DataType.Int64 => tensor.AsSpan<long>().ToArray(),
        DataType.Int32 => [.. tensor.AsSpan<int>().ToArray().Select(v => (long)v)],
        _ => throw ServingException.InvalidArgument($"Expected {role} to be an int32 or int64 tensor, got {DataTypes.ShortName(tensor.DataType)}."),
    };

    /// <summary>The single element of a scalar input (TensorFlow's "must be a scalar" check).</summary>
    public static T Scalar<T>(Tensor tensor, string role)
        where T : unmanaged => tensor.Shape.Rank == 0
        ? tensor.AsSpan<T>()[0]
        : throw ServingException.InvalidArgument($"{role} must be a scalar, got shape: {tensor.Shape}");

    /// <summary>The single string of a scalar input.</summary>
    public static byte[] ScalarString(Tensor tensor, string role) => tensor.Shape.Rank == 0
        ? Strings(tensor, role)[0]
        : throw ServingException.InvalidArgument($"{role} must be a scalar, got shape: {tensor.Shape}");

    /// <summary>A new tensor over <paramref name="values"/> (taken, not copied).</summary>
    public static Tensor Of<T>(TensorShape shape, T[] values)
        where T : unmanaged => Tensor.Create(Tensor.DataTypeOf<T>(), shape, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());

    public static Tensor Of(TensorShape shape, byte[][] strings) => Tensor.CreateStrings(shape, strings);

    /// <summary>A new tensor of <paramref name="dataType"/> holding <paramref name="values"/> (int32 and int64 outputs).</summary>
    public static Tensor Integers(DataType dataType, TensorShape shape, long[] values) => dataType == DataType.Int32
        ? Of(shape, [.. values.Select(v => (int)v)])
        : Of(shape, values);

    /// <summary>The shape a kernel declares for an output shaped like input <paramref name="input"/>.</summary>
    public static ShapeSpec? SameShape(KernelConstruction construction, int input) => construction.InputShape(input);

    /// <summary>A declared shape of known rank whose dimensions are unknown.</summary>
    public static ShapeSpec Unknown(int rank) => ShapeSpec.Of([.. Enumerable.Repeat(-1L, rank)]);
}
