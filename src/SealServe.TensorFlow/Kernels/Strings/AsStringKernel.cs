using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>AsString</c>: numbers printed as C's printf does with the format its attributes build
/// (<c>%[fill][width][.precision]</c> then <c>d</c>/<c>u</c> for integers, <c>f</c>, <c>e</c> (scientific) or <c>g</c>
/// (shortest) for reals); booleans as <c>true</c>/<c>false</c>; strings as they are (right-aligned in <c>width</c>).
/// </summary>
[TfKernel("AsString", Notes = "C printf formats: precision, scientific, shortest, width, fill; integers, reals, bools, strings.")]
internal sealed class AsStringKernel : IHostKernel
{
    private readonly PrintfFormat format;
    private readonly DataType type;

    private readonly KernelInputs nodeInputs;

    public AsStringKernel(KernelConstruction construction)
    {
        var node = construction.Node;
        type = node.GetType("T");
        var precision = (int)node.GetInt("precision", -1);
        var scientific = node.GetBool("scientific");
        var shortest = node.GetBool("shortest");
        var width = (int)node.GetInt("width", -1);
        var fill = node.GetString("fill", string.Empty);
        var real = type is DataType.Float or DataType.Double or DataType.Half or DataType.BFloat16;
        if (!real && type != DataType.String && (scientific || shortest))
        {
            throw construction.Error($"scientific and shortest format not supported for datatype {DataTypes.ShortName(type)}");
        }

        if (!real && type != DataType.String && precision >= 0)
        {
            throw construction.Error($"precision not supported for datatype {DataTypes.ShortName(type)}");
        }

        if (fill.Length > 1 || (fill.Length == 1 && !" +-0#".Contains(fill[0], StringComparison.Ordinal)))
        {
            throw construction.Error(fill.Length > 1 ? "Fill string must be one or fewer characters" : $"Fill argument not supported: \"{fill}\"");
        }

        if (scientific && shortest)
        {
            throw construction.Error("Cannot select both scientific and shortest notation");
        }

        if (!real && type is not (DataType.String or DataType.Bool) && DataTypes.ElementSize(type) == 0)
        {
            throw construction.Error($"Type not supported: {DataTypes.ShortName(type)}");
        }

        format = new PrintfFormat(fill.Length == 1 ? fill[0] : '\0', width, precision, !real ? 'd' : shortest ? 'g' : scientific ? 'e' : 'f');
        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(DataType.String, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = inputs[0];
        if (input.DataType != type)
        {
            throw ServingException.InvalidArgument($"Expected input to be {DataTypes.ShortName(type)}, got {DataTypes.ShortName(input.DataType)}.");
        }

        var count = (int)input.Shape.ElementCount;
        var output = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            output[i] = input.IsString ? PadString(input.Strings[i]) : Encoding.UTF8.GetBytes(Format(input, i));
        }

        return [KernelTensors.Of(input.Shape, output)];
    }

    private string Format(Tensor input, int i) => input.DataType switch
    {
        DataType.Float => format.Format(input.AsSpan<float>()[i]),
        DataType.Double => format.Format(input.AsSpan<double>()[i]),
        DataType.Half => format.Format((double)input.AsSpan<Half>()[i]),
        DataType.BFloat16 => format.Format(BitConverter.Int32BitsToSingle(input.AsSpan<ushort>()[i] << 16)),
        DataType.Int8 => format.Format(input.AsSpan<sbyte>()[i]),
        DataType.Int16 => format.Format(input.AsSpan<short>()[i]),
        DataType.Int32 => format.Format(input.AsSpan<int>()[i]),
        DataType.Int64 => format.Format(input.AsSpan<long>()[i]),
        DataType.UInt8 => format.Format((ulong)input.AsSpan<byte>()[i]),
        DataType.UInt16 => format.Format((ulong)input.AsSpan<ushort>()[i]),
        DataType.UInt32 => format.Format((ulong)input.AsSpan<uint>()[i]),
        DataType.UInt64 => format.Format(input.AsSpan<ulong>()[i]),
        DataType.Bool => input.AsSpan<bool>()[i] ? "true" : "false",
        _ => throw ServingException.InvalidArgument($"Cannot encode input of type {DataTypes.ShortName(input.DataType)}"),
    };

    /// <summary>%Ns: right-aligned in the width ('-': left-aligned), counted in bytes; no width leaves the string as it is.</summary>
    private byte[] PadString(byte[] value)
    {
        if (format.Width <= 0 || value.Length >= format.Width)
        {
            return value;
        }

        var padded = new byte[format.Width];
        padded.AsSpan().Fill((byte)' ');
        value.CopyTo(padded, format.Flag == '-' ? 0 : format.Width - value.Length);
        return padded;
    }
}
