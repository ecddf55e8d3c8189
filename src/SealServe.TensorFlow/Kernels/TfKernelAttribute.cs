namespace SealServe.TensorFlow.Kernels;

/// <summary>
/// Registers a host kernel for one or more TensorFlow op types. The class implements <see cref="IHostKernel"/> and has a
/// constructor <c>(KernelConstruction construction)</c> that reads the node (attributes, constant inputs) once at import.
/// </summary>
/// <param name="ops">The TF op type names (<c>"ParseExample"</c>, <c>"ParseExampleV2"</c>).</param>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
internal sealed class TfKernelAttribute(params string[] ops) : Attribute
{
    public IReadOnlyList<string> Ops { get; } = ops;

    /// <summary>Limits and remarks for <c>docs/tf-ops.md</c>.</summary>
    public string Notes { get; init; } = string.Empty;
}
