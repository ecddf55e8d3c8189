using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Tests.Translation;

/// <summary>Variables for structure tests: given values by node name, else zeros of the declared shape and type.</summary>
internal sealed class ZeroVariables(IReadOnlyDictionary<string, Tensor>? values = null) : IVariableResolver
{
    public Tensor Resolve(NodeDef variableNode)
    {
        if (values is not null && values.TryGetValue(variableNode.Name, out var value))
        {
            return value;
        }

        var type = (DataType)(int)variableNode.Attr["dtype"].Type;
        var shape = new TensorShape([.. variableNode.Attr["shape"].Shape.Dim.Select(d => Math.Max(d.Size, 1))]);
        return type == DataType.String
            ? Tensor.CreateStrings(shape, [.. Enumerable.Range(0, (int)shape.ElementCount).Select(_ => Array.Empty<byte>())])
            : Tensor.Allocate(type, shape);
    }
}
