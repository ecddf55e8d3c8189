using System.Globalization;
using System.Text;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>
/// A signature as TensorFlow's <c>SignatureDef::DebugString()</c> prints it (protobuf text format: fields in number
/// order, map entries sorted by key, two-space indents), for TF Serving's messages that quote the signature.
/// </summary>
internal static class SignatureDebugText
{
    public static string Format(Signature signature)
    {
        var text = new StringBuilder();
        Map(text, "inputs", signature.InputAliases, signature.Inputs);
        Map(text, "outputs", signature.OutputAliases, signature.Outputs);
        if (signature.MethodName.Length > 0)
        {
            text.Append("method_name: ").Append(Quote(signature.MethodName)).Append('\n');
        }

        return text.ToString();
    }

    private static void Map(StringBuilder text, string field, IReadOnlyList<string> aliases, IReadOnlyDictionary<string, TensorSpec> specs)
    {
        foreach (var alias in aliases)
        {
            var spec = specs[alias];
            text.Append(field).Append(" {\n  key: ").Append(Quote(alias)).Append("\n  value {\n");
            if (spec.Name.Length > 0)
            {
                text.Append("    name: ").Append(Quote(spec.Name)).Append('\n');
            }

            if (spec.DataType != DataType.Invalid)
            {
                text.Append("    dtype: ").Append(DataTypes.TfName(spec.DataType)).Append('\n');
            }

            if (spec.Shape is { } shape)
            {
                text.Append("    tensor_shape {\n");
                foreach (var dim in shape.Dims)
                {
                    text.Append("      dim {\n");
                    if (dim.Size != 0)
                    {
                        text.Append("        size: ").Append(dim.Size.ToString(CultureInfo.InvariantCulture)).Append('\n');
                    }

                    if (dim.Name.Length > 0)
                    {
                        text.Append("        name: ").Append(Quote(dim.Name)).Append('\n');
                    }

                    text.Append("      }\n");
                }

                if (shape.UnknownRank)
                {
                    text.Append("      unknown_rank: true\n");
                }

                text.Append("    }\n");
            }

            text.Append("  }\n}\n");
        }
    }

    /// <summary>A C-escaped, double-quoted string, as text format writes one.</summary>
    private static string Quote(string value)
    {
        var text = new StringBuilder("\"");
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            text.Append(b switch
            {
                (byte)'"' => "\\\"",
                (byte)'\\' => "\\\\",
                (byte)'\'' => "\\'",
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                < 0x20 or >= 0x7F => "\\" + Convert.ToString(b, 8).PadLeft(3, '0'),
                _ => ((char)b).ToString(),
            });
        }

        return text.Append('"').ToString();
    }
}
