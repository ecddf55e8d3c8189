using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.TensorFlow.Translation;
using DataType = SealServe.Core.Tensors.DataType;

namespace SealServe.TensorFlow.Kernels;

/// <summary>
/// What a kernel's constructor works with, as TensorFlow's <c>OpKernelConstruction</c>: the node, the values of its
/// constant inputs and what is known of the others. The kernel declares in return which inputs it reads at run time
/// (in the order <see cref="IHostKernel.Compute"/> receives them) and the element type and shape of each output.
/// </summary>
internal sealed class KernelConstruction(TfNode node, Func<string, TensorValue?> constantOf, Func<string, GraphInput?> runtimeSpecOf)
{
    private readonly List<int> runtimeInputs = [];
    private readonly List<GraphInput> outputs = [];

    public TfNode Node { get; } = node;

    /// <summary>Node inputs fed to <see cref="IHostKernel.Compute"/>, in order.</summary>
    public IReadOnlyList<int> RuntimeInputs => runtimeInputs;

    /// <summary>The outputs declared so far, named <c>node:k</c>.</summary>
    public IReadOnlyList<GraphInput> Outputs => outputs;

    /// <summary>The value of input <paramref name="input"/> when it is a constant or computable from constants; null otherwise.</summary>
    public TensorValue? TryConstant(int input) => constantOf(InputName(input));

    /// <summary>The constant value of input <paramref name="input"/>; fails naming the node when it depends on the request.</summary>
    public TensorValue Constant(int input, string role) =>
        TryConstant(input) ?? throw Error($"its {role} (input {input}, '{Node.Inputs[input]}') must be a constant or computable from constants.");

    /// <summary>Declares that input <paramref name="input"/> is read at run time; returns its position among <see cref="IHostKernel.Compute"/>'s inputs.</summary>
    public int RuntimeInput(int input)
    {
        InputName(input);
        runtimeInputs.Add(input);
        return runtimeInputs.Count - 1;
    }

    /// <summary>What is known of a run-time input's shape before any request (null: not even the rank).</summary>
    public ShapeSpec? InputShape(int input) => runtimeSpecOf(InputName(input))?.Shape;

    /// <summary>Declares the next output: its element type and what is known of its shape (null: not even the rank).</summary>
    public void Output(DataType dataType, ShapeSpec? shape) => outputs.Add(new GraphInput(Node.Output(outputs.Count), dataType, shape));

    /// <summary>An import error that names this node and its op.</summary>
    public ServingException Error(string message) => ServingException.InvalidArgument($"Cannot run node '{Node.Name}' ({Node.Op}): {message}");

    private string InputName(int input) => input < Node.Inputs.Count
        ? Node.Inputs[input]
        : throw Error($"expected at least {input + 1} inputs, found {Node.Inputs.Count}.");
}
