using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StringSplit</c> (<c>tf.compat.v1.string_split</c>): each string of a vector split at every byte
/// that occurs in <c>delimiter</c> (an empty delimiter splits into single bytes), empty tokens dropped unless
/// <c>skip_empty</c> is false; an empty string has no tokens. The result is a sparse [batch, longest row] matrix.
/// </summary>
[TfKernel("StringSplit", Notes = "Any byte of the delimiter splits; empty delimiter: single bytes; skip_empty.")]
internal sealed class StringSplitKernel : IHostKernel
{
    private readonly bool skipEmpty;
    private readonly KernelInputs nodeInputs;

    public StringSplitKernel(KernelConstruction construction)
    {
        skipEmpty = construction.Node.GetBool("skip_empty", defaultValue: true);
        nodeInputs = new KernelInputs(construction, 2);
        SparseTokens.Declare(construction);
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = SparseTokens.Vector(inputs[0]);
        var delimiter = KernelTensors.ScalarString(inputs[1], "delimiter");
        var rows = new List<byte[]>[input.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = Split(input[i], delimiter);
        }

        return SparseTokens.Of(rows);
    }

    private List<byte[]> Split(byte[] text, byte[] delimiter)
    {
        var tokens = new List<byte[]>();
        if (text.Length == 0)
        {
            return tokens;
        }

        if (delimiter.Length == 0)
        {
            tokens.AddRange(text.Select(b => new[] { b }));
            return tokens;
        }

        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i == text.Length || Array.IndexOf(delimiter, text[i]) >= 0)
            {
                if (i > start || !skipEmpty)
                {
                    tokens.Add(text[start..i]);
                }

                start = i + 1;
            }
        }

        return tokens;
    }
}
