using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation;

/// <summary>Gives the value of the variable a graph node stands for (TF1 <c>VariableV2</c>, TF2 <c>VarHandleOp</c>...).</summary>
/// <remarks>The translator asks once per variable node the outputs need, copies the value into the model and leaves the tensor to the resolver.</remarks>
public interface IVariableResolver
{
    /// <summary>The variable's value; throws an <see cref="Core.Errors.ServingException"/> naming the variable when there is none (e.g. a GRAPHONLY model).</summary>
    Tensor Resolve(Tensorflow.NodeDef variableNode);
}
