using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Translation.Ops.ControlFlow;

/// <summary>An empty TensorList from TensorListReserve, waiting for a loop to write its elements.</summary>
/// <param name="NumElements">The ONNX value holding the reserved length.</param>
/// <param name="ElementType">The elements' type.</param>
internal sealed record ReservedList(string NumElements, DataType ElementType);
