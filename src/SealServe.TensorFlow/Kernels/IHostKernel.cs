using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels;

/// <summary>
/// A TensorFlow op that ONNX has no equivalent for, bound to one node of a graph at import: the engine runs it
/// between ONNX Runtime sessions, in C#, with TensorFlow's semantics. Kernels keep no per-run state, so one
/// instance serves concurrent runs.
/// </summary>
public interface IHostKernel
{
    /// <summary>
    /// Computes the node's outputs, in output order, from its run-time inputs (the node inputs the plan feeds it, in
    /// the order its <see cref="Plan.KernelStage"/> lists them). The inputs stay the caller's; the caller owns the outputs.
    /// </summary>
    /// <exception cref="Core.Errors.ServingException">Bad input, with TensorFlow's message (INVALID_ARGUMENT mostly).</exception>
    Tensor[] Compute(ReadOnlySpan<Tensor> inputs);
}
