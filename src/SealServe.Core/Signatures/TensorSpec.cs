using SealServe.Core.Tensors;

namespace SealServe.Core.Signatures;

/// <summary>
/// One input or output of a signature, as TensorFlow's TensorInfo: the engine tensor name, the
/// element type and the declared shape (<see langword="null"/> when the model declares none).
/// </summary>
public sealed record TensorSpec(string Name, DataType DataType, ShapeSpec? Shape);
