using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>Substr</c>: from each string, <c>len</c> units from <c>pos</c> (bytes, or UTF-8 characters with
/// <c>unit</c> UTF8_CHAR). A negative <c>pos</c> counts back from the end; a <c>len</c> past the end takes what there is
/// (negative: all of it in bytes, nothing in characters); a <c>pos</c> outside the string fails. <c>pos</c> and
/// <c>len</c> have one shape, which broadcasts against the input's.
/// </summary>
[TfKernel("Substr", Notes = "unit BYTE or UTF8_CHAR; negative pos from the end; pos/len broadcast against the input.")]
internal sealed class SubstrKernel : IHostKernel
{
    private readonly bool characters;
    private readonly KernelInputs nodeInputs;

    public SubstrKernel(KernelConstruction construction)
    {
        characters = StringLengthKernel.Unit(construction);
        var input = construction.InputShape(0);
        var scalarPosition = construction.TryConstant(1) is { Rank: 0 } || construction.InputShape(1) is { UnknownRank: false, Dims.Count: 0 };
        nodeInputs = new KernelInputs(construction, 3);
        construction.Output(DataType.String, scalarPosition ? input : null);
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "input");
        var positions = KernelTensors.Int64s(inputs[1], "pos");
        var lengths = KernelTensors.Int64s(inputs[2], "len");
        if (!inputs[1].Shape.Equals(inputs[2].Shape))
        {
            throw ServingException.InvalidArgument($"pos and len should have the same shape, got: {inputs[1].Shape} vs. {inputs[2].Shape}");
        }

        var broadcast = Broadcast.Of(inputs[0].Shape, inputs[1].Shape)
            ?? throw ServingException.InvalidArgument($"Incompatible shapes: {inputs[0].Shape} vs. {inputs[1].Shape}");
        var output = new byte[broadcast.Shape.ElementCount][];
        for (long i = 0; i < output.Length; i++)
        {
            var (x, y) = broadcast.Sources(i);
            output[i] = Substring(input[(int)x], positions[y], lengths[y], i);
        }

        return [KernelTensors.Of(broadcast.Shape, output)];
    }

    private byte[] Substring(byte[] s, long pos, long len, long index)
    {
        long start;
        long count;
        if (!characters)
        {
            start = pos < 0 ? s.Length + pos : pos;
            if (start < 0 || start > s.Length)
            {
                throw ServingException.InvalidArgument($"pos {pos} out of range for string b'{Encoding.UTF8.GetString(s)}' at index {index}");
            }

            count = len < 0 ? s.Length - start : Math.Min(len, s.Length - start);
            return s[(int)start..(int)(start + count)];
        }

        if (!(pos >= 0 ? Forward(s, pos, len, out start, out count) : Backward(s, pos, len, out start, out count)))
        {
            throw ServingException.InvalidArgument($"pos {pos} out of range for string at index {index}");
        }

        return s[(int)start..(int)(start + count)];
    }

    private static bool Forward(byte[] s, long pos, long len, out long start, out long count)
    {
        start = 0;
        if (!Utf8Chars.Forward(s, pos, ref start))
        {
            count = 0;
            return false;
        }

        var end = start;
        Utf8Chars.Forward(s, len, ref end);
        count = end - start;
        return true;
    }

    private static bool Backward(byte[] s, long pos, long len, out long start, out long count)
    {
        long end = s.Length;
        var skip = Math.Max(-pos - len, 0);
        start = 0;
        count = 0;
        if (!Utf8Chars.Back(s, skip, ref end))
        {
            return false;
        }

        start = end;
        if (!Utf8Chars.Back(s, -pos - skip, ref start))
        {
            return false;
        }

        count = end - start;
        return true;
    }
}
