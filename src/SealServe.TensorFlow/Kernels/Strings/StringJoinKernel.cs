using SealServe.Core.Errors;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Strings;

/// <summary>
/// TensorFlow's <c>StringJoin</c>: its N inputs joined element-wise with <c>separator</c>; scalars are repeated, the
/// other inputs must all have the same shape.
/// </summary>
[TfKernel("StringJoin", Notes = "Scalars broadcast; the others must have one shape.")]
internal sealed class StringJoinKernel : IHostKernel
{
    private readonly byte[] separator;
    private readonly KernelInputs nodeInputs;

    public StringJoinKernel(KernelConstruction construction)
    {
        separator = construction.Node.Definition.Attr.TryGetValue("separator", out var value) ? value.S.ToByteArray() : [];
        nodeInputs = new KernelInputs(construction, construction.Node.Inputs.Count);

        var shaped = Enumerable.Range(0, construction.Node.Inputs.Count).Select(construction.InputShape).FirstOrDefault(s => s is null || s.UnknownRank || s.Dims.Count > 0);
        construction.Output(DataType.String, construction.Node.Inputs.Count == 0 ? null : shaped ?? Core.Signatures.ShapeSpec.Of());
    }

    public Tensor[] Compute(ReadOnlySpan<Tensor> runtime)
    {
        var inputs = nodeInputs.All(runtime);
        TensorShape? shape = null;
        foreach (var input in inputs)
        {
            if (input.Shape.Rank == 0)
            {
                continue;
            }

            if (shape is not null && !shape.Equals(input.Shape))
            {
                throw ServingException.InvalidArgument($"Input shapes do not match: {shape} vs. {input.Shape}");
            }

            shape ??= input.Shape;
        }

        shape ??= TensorShape.Scalar;
        var strings = new IReadOnlyList<byte[]>[inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            strings[i] = KernelTensors.Strings(inputs[i], "inputs");
        }

        var output = new byte[shape.ElementCount][];
        var joined = new List<byte>();
        for (var e = 0; e < output.Length; e++)
        {
            joined.Clear();
            for (var i = 0; i < strings.Length; i++)
            {
                if (i > 0)
                {
                    joined.AddRange(separator);
                }

                joined.AddRange(strings[i][strings[i].Count == 1 && inputs[i].Shape.Rank == 0 ? 0 : e]);
            }

            output[e] = [.. joined];
        }

        return [KernelTensors.Of(shape, output)];
    }
}
