using System.Globalization;
using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StringToNumber</c>: each string as a float, double, int32 or int64. Leading and trailing whitespace
/// is allowed. Reals take decimal and exponent forms, hexadecimal integers (<c>0xF</c>), <c>inf</c> and <c>nan</c> in
/// any case, and round to the nearest value (a float too large for float32 is infinite); integers take an optional
/// sign and decimal digits that fit the type. Anything else fails with TensorFlow's message.
/// </summary>
[TfKernel("StringToNumber", Notes = "out_type float, double, int32, int64; TF's accepted forms (whitespace, hex, inf, nan).")]
internal sealed class StringToNumberKernel : IHostKernel
{
    private const string ErrorMessage = "StringToNumberOp could not correctly convert string: ";

    private readonly DataType type;

    private readonly KernelInputs nodeInputs;

    public StringToNumberKernel(KernelConstruction construction)
    {
        type = construction.Node.HasAttr("out_type") ? construction.Node.GetType("out_type") : DataType.Float;
        if (type is not (DataType.Float or DataType.Double or DataType.Int32 or DataType.Int64))
        {
            throw construction.Error($"out_type {DataTypes.ShortName(type)} is not float, double, int32 or int64.");
        }

        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(type, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "string_tensor");
        var shape = inputs[0].Shape;
        switch (type)
        {
            case DataType.Float:
                return [KernelTensors.Of(shape, [.. input.Select(s => (float)Real(s, single: true))])];
            case DataType.Double:
                return [KernelTensors.Of(shape, [.. input.Select(s => Real(s, single: false))])];
            default:
                var (min, max) = type == DataType.Int32 ? (int.MinValue, int.MaxValue) : (long.MinValue, long.MaxValue);
                return [KernelTensors.Integers(type, shape, [.. input.Select(s => Integer(s, min, max))])];
        }
    }

    /// <summary>The value, rounded once to float when <paramref name="single"/> (not through double).</summary>
    private static double Real(byte[] value, bool single)
    {
        var text = Encoding.UTF8.GetString(value).Trim(' ', '\t', '\n', '\v', '\f', '\r');
        var body = text.TrimStart('+', '-');
        var negative = text.StartsWith('-');
        if (text.Length - body.Length <= 1)
        {
            if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
            {
                return negative ? double.NegativeInfinity : double.PositiveInfinity;
            }

            if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
            {
                return double.NaN;
            }

            if (body.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && body.Length > 2 && ulong.TryParse(body.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                return negative ? -(double)hex : hex;
            }
        }

        const NumberStyles Decimal = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        if (char.IsAsciiDigit(body.FirstOrDefault(c => c != '.')))
        {
            if (single && float.TryParse(text, Decimal, CultureInfo.InvariantCulture, out var f))
            {
                return f;
            }

            if (!single && double.TryParse(text, Decimal, CultureInfo.InvariantCulture, out var d))
            {
                return d;
            }
        }

        throw ServingException.InvalidArgument(ErrorMessage + Encoding.UTF8.GetString(value));
    }

    private static long Integer(byte[] value, long min, long max)
    {
        var text = Encoding.UTF8.GetString(value).Trim(' ', '\t', '\n', '\v', '\f', '\r');
        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw ServingException.InvalidArgument(ErrorMessage + Encoding.UTF8.GetString(value));
    }
}
