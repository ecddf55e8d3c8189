using System.Text;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StringLower</c> and <c>StringUpper</c>: with no <c>encoding</c>, only ASCII letters change (byte by
/// byte, as C's tolower/toupper); with <c>utf-8</c>, every Unicode letter (invalid UTF-8 becomes U+FFFD).
/// </summary>
[TfKernel("StringLower", "StringUpper", Notes = "encoding '' (ASCII letters only) or 'utf-8' (Unicode case mapping).")]
internal sealed class StringCaseKernel : IHostKernel
{
    private readonly bool upper;
    private readonly bool unicode;
    private readonly KernelInputs nodeInputs;

    public StringCaseKernel(KernelConstruction construction)
    {
        upper = construction.Node.Op == "StringUpper";
        var encoding = construction.Node.GetString("encoding", string.Empty);
        unicode = encoding switch
        {
            "" => false,
            "utf-8" or "UTF-8" => true,
            _ => throw construction.Error($"encoding '{encoding}' is not supported (only '' and 'utf-8').")
        };
        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(DataType.String, KernelTensors.SameShape(construction, 0));
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "input");
        var output = new byte[input.Count][];
        for (var i = 0; i < output.Length; i++)
        {
            output[i] = unicode ? Unicode(input[i]) : Ascii(input[i]);
        }

        return [KernelTensors.Of(inputs[0].Shape, output)];
    }

    private byte[] Ascii(byte[] value)
    {
        var result = (byte[])value.Clone();
        for (var i = 0; i < result.Length; i++)
        {
            var c = result[i];
            if (upper ? c is >= (byte)'a' and <= (byte)'z' : c is >= (byte)'A' and <= (byte)'Z')
            {
                result[i] = (byte)(c ^ 0x20);
            }
        }

        return result;
    }

    private byte[] Unicode(byte[] value)
    {
        var text = Encoding.UTF8.GetString(value);
        return Encoding.UTF8.GetBytes(upper ? text.ToUpperInvariant() : text.ToLowerInvariant());
    }
}
