using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>TensorFlow's <c>StringLength</c>: each string's length in bytes, or with <c>unit</c> UTF8_CHAR in characters (int32).</summary>
[TfKernel("StringLength", Notes = "unit BYTE or UTF8_CHAR.")]
internal sealed class StringLengthKernel : IHostKernel
{
    private readonly bool characters;

    private readonly KernelInputs nodeInputs;

    public StringLengthKernel(KernelConstruction construction)
    {
        characters = Unit(construction);
        nodeInputs = new KernelInputs(construction, 1);
        construction.Output(DataType.Int32, KernelTensors.SameShape(construction, 0));
    }

    /// <summary>The <c>unit</c> attribute: false for BYTE, true for UTF8_CHAR.</summary>
    public static bool Unit(KernelConstruction construction) => construction.Node.GetString("unit", "BYTE") switch
    {
        "BYTE" => false,
        "UTF8_CHAR" => true,
        var other => throw construction.Error($"unit '{other}' is not BYTE or UTF8_CHAR."),
    };

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        var input = KernelTensors.Strings(inputs[0], "input");
        var lengths = new int[input.Count];
        for (var i = 0; i < lengths.Length; i++)
        {
            lengths[i] = (int)(characters ? Utf8Chars.Count(input[i]) : input[i].Length);
        }

        return [KernelTensors.Of(inputs[0].Shape, lengths)];
    }
}
