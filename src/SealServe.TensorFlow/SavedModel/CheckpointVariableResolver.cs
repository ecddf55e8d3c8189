using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Translation;
using Tensorflow;

namespace SealServe.TensorFlow.SavedModel;

/// <summary>
/// Gives variables their checkpoint values: the key comes from the restore op's wiring
/// (<see cref="RestoreWiring"/>); a TF1 variable the wiring does not mention falls back to its node name,
/// TF1's default key.
/// </summary>
internal sealed class CheckpointVariableResolver(VariablesBundleReader? bundle, IReadOnlyDictionary<string, string> keys) : IVariableResolver
{
    public Tensor Resolve(NodeDef variableNode)
    {
        var name = variableNode.Name;
        if (bundle is null)
        {
            throw ServingException.FailedPrecondition(
                $"Variable '{name}' ({variableNode.Op}) has no value: the SavedModel has no {VariablesBundleReader.IndexPath} (a graph-only export?).");
        }

        var key = keys.TryGetValue(name, out var wired) ? wired
            : variableNode.Op is "VariableV2" or "Variable" && bundle.Contains(name) ? name
            : throw ServingException.FailedPrecondition(
                $"Variable '{name}' ({variableNode.Op}) has no value: the SavedModel's restore op does not restore it from the checkpoint.");

        if (!bundle.Contains(key))
        {
            throw ServingException.NotFound($"Variable '{name}' ({variableNode.Op}) has no value: {VariablesBundleReader.IndexPath} has no entry '{key}'.");
        }

        var value = bundle.Read(key);
        if (variableNode.Attr.TryGetValue("dtype", out var dtype) && (int)dtype.Type is var declared and > 0
            && declared % DataTypes.RefOffset != (int)value.DataType)
        {
            throw new ServingException(StatusCode.DataLoss,
                $"Variable '{name}' is {DataTypes.TfName((Core.Tensors.DataType)declared)} in the graph but checkpoint entry '{key}' is {DataTypes.TfName(value.DataType)}.");
        }

        return value;
    }
}
