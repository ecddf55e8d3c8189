using SealServe.Core.Tensors;

namespace SealServe.Models.Serving;

/// <summary>
/// What a Classify or Regress run feeds the engine for its <paramref name="Count"/> examples: the serialized
/// tf.Examples to the signature's input, or the outputs of the signature's parse stage that the request's codec
/// computed itself (<see cref="IServable.FindExampleParse"/>). The tensors stay the caller's.
/// </summary>
public sealed record ExamplesFeed(string[] InputNames, Tensor[] Inputs, long Count)
{
    /// <summary>Serialized tf.Examples (a vector) fed to <paramref name="input"/>.</summary>
    public static ExamplesFeed Serialized(string input, Tensor examples) => new([input], [examples], examples.Shape[0]);
}
