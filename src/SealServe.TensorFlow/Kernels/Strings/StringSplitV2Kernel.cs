using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StringSplitV2</c> (<c>tf.strings.split</c>), Python's <c>str.split</c>: with a separator, at each
/// occurrence of the whole separator, empty tokens kept (an empty string gives one empty token); with an empty one, at
/// runs of whitespace with none at the ends. At most <c>maxsplit</c> splits (when positive), the rest as the last token.
/// </summary>
[TfKernel("StringSplitV2", Notes = "Python str.split semantics: a whole separator, or runs of whitespace; maxsplit.")]
internal sealed class StringSplitV2Kernel : IHostKernel
{
    private readonly long maxSplit;
    private readonly KernelInputs nodeInputs;

    public StringSplitV2Kernel(KernelConstruction construction)
    {
        maxSplit = construction.Node.GetInt("maxsplit", -1);
        nodeInputs = new KernelInputs(construction, 2);
        SparseTokens.Declare(construction);
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = SparseTokens.Vector(inputs[0]);
        var separator = KernelTensors.ScalarString(inputs[1], "sep");
        var rows = new List<byte[]>[input.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = maxSplit == 0 ? [input[i]] : separator.Length == 0 ? SplitWhitespace(input[i]) : Split(input[i], separator);
        }

        return SparseTokens.Of(rows);
    }

    /// <summary>C's isspace in the "C" locale.</summary>
    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\v' or (byte)'\f' or (byte)'\r';

    private List<byte[]> SplitWhitespace(byte[] text)
    {
        var tokens = new List<byte[]>();
        var at = Skip(text, 0);
        while (at < text.Length)
        {
            var end = at;
            while (end < text.Length && !IsSpace(text[end]))
            {
                end++;
            }

            tokens.Add(text[at..end]);
            at = Skip(text, end);
            if (maxSplit > 0 && tokens.Count == maxSplit)
            {
                tokens.Add(text[at..]);
                break;
            }
        }

        return tokens;

        static int Skip(byte[] text, int at)
        {
            while (at < text.Length && IsSpace(text[at]))
            {
                at++;
            }

            return at;
        }
    }

    private List<byte[]> Split(byte[] text, byte[] separator)
    {
        var tokens = new List<byte[]>();
        var start = 0;
        int found;
        while ((found = text.AsSpan(start).IndexOf(separator)) >= 0)
        {
            tokens.Add(text[start..(start + found)]);
            start += found + separator.Length;
            if (maxSplit > 0 && tokens.Count == maxSplit)
            {
                break;
            }
        }

        tokens.Add(text[start..]);
        return tokens;
    }
}
