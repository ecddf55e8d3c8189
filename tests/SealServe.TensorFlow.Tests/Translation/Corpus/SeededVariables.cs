using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation.Corpus;

/// <summary>Made-up float variables in [-0.5, 0.5), the same for a name every run, so tests can compute reference outputs.</summary>
internal sealed class SeededVariables : IVariableResolver
{
    private readonly Dictionary<string, float[]> values = new(StringComparer.Ordinal);

    public Tensor Resolve(NodeDef variableNode)
    {
        var shape = new TensorShape([.. variableNode.Attr["shape"].Shape.Dim.Select(d => d.Size)]);
        if ((DataType)(int)variableNode.Attr["dtype"].Type != DataType.Float)
        {
            return Tensor.Allocate((DataType)(int)variableNode.Attr["dtype"].Type, shape);
        }

        return Tensor.FromValues(shape, Values(variableNode.Name, (int)shape.ElementCount));
    }

    /// <summary>The values variable <paramref name="name"/> gets (created on first use).</summary>
    public float[] Values(string name, int count)
    {
        if (!values.TryGetValue(name, out var data))
        {
            var random = new System.Random(name.Aggregate(17, (hash, c) => unchecked((hash * 31) + c)) & 0x7fff_ffff);
            data = [.. Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() - 0.5f)];
            values[name] = data;
        }

        return data;
    }
}
