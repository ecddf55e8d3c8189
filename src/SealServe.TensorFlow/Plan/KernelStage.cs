using SealServe.TensorFlow.Kernels;

namespace SealServe.TensorFlow.Plan;

/// <summary>One node run by a host kernel: <see cref="PlanStage.Inputs"/> are the inputs it reads at run time, <see cref="PlanStage.Outputs"/> all its outputs.</summary>
/// <param name="NodeName">The node, for errors (TensorFlow appends it to a kernel's message).</param>
/// <param name="Op">The TF op type.</param>
/// <param name="Kernel">The kernel bound to the node.</param>
/// <param name="Inputs">Run-time inputs, in the order <see cref="IHostKernel.Compute"/> takes them.</param>
/// <param name="Outputs">The node's outputs in order.</param>
public sealed record KernelStage(string NodeName, string Op, IHostKernel Kernel, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) : PlanStage(Inputs, Outputs);
