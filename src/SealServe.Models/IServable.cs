using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Models;

/// <summary>
/// A loaded model version: its signatures and the engine that runs them. Created by a loader,
/// shared by concurrent requests through handles, disposed once the last handle is released.
/// </summary>
public interface IServable : IDisposable
{
    /// <summary>Signatures by key (<c>serving_default</c>, ...).</summary>
    IReadOnlyDictionary<string, Signature> Signatures { get; }

    /// <summary>
    /// Runs the engine: feeds <paramref name="inputs"/> to the tensors named in <paramref name="inputNames"/>
    /// and returns the tensors named in <paramref name="outputNames"/>, in that order. The caller owns (disposes)
    /// the returned tensors; the inputs stay the caller's.
    /// </summary>
    ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken);

    /// <summary>
    /// The ParseExample stage that the signature's serialized-examples input <paramref name="inputName"/> goes through
    /// first, when this engine may be fed that stage's outputs instead (<see cref="ExampleParseFront.OutputNames"/>);
    /// null when it must be fed the examples.
    /// </summary>
    ExampleParseFront? FindExampleParse(Signature signature, string inputName) => null;
}
