using System.Text;
using SealServe.Core.Tensors;

namespace SealServe.TensorFlow.Kernels.Parsing;

/// <summary>Which example of a batch is being parsed; its name (for TensorFlow's error texts) is only decoded when an error needs it.</summary>
internal readonly record struct ExamplePosition(Tensor? Names, int Index)
{
    /// <summary>The example's name, or TensorFlow's <c>&lt;unknown&gt;</c> when the op was given no names.</summary>
    public string Name => Names is { Shape.ElementCount: > 0 } ? Encoding.UTF8.GetString(Names.Strings[Index]) : "<unknown>";
}
