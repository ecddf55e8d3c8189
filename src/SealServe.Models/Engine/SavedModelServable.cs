using SealServe.Core.Errors;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Models.Engine;

/// <summary>
/// A translated SavedModel: every SignatureDef of the MetaGraph (metadata lists them all), each servable
/// signature routed to the engine of its input group; a signature that could not be translated answers
/// with the reason it could not. It owns the engines and the variable state they share.
/// </summary>
internal sealed class SavedModelServable(
    IReadOnlyDictionary<string, Signature> signatures,
    IReadOnlyDictionary<string, IServable> routes,
    IReadOnlyDictionary<string, ServingException> unavailable,
    IReadOnlyList<IDisposable> resources) : IServable
{
    public IReadOnlyDictionary<string, Signature> Signatures => signatures;

    /// <summary>The engine a signature runs on, or null when it cannot run.</summary>
    internal IServable? RouteOf(string signatureKey) => routes.GetValueOrDefault(signatureKey);

    public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        if (routes.TryGetValue(signature.Key, out var session))
        {
            return session.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken);
        }

        throw unavailable.TryGetValue(signature.Key, out var reason)
            ? new ServingException(reason.Code, $"Signature '{signature.Key}' cannot be served: {reason.Message}", reason)
            : ServingException.Unimplemented($"Signature '{signature.Key}' cannot be run (it has no graph outputs to compute).");
    }

    public ExampleParseFront? FindExampleParse(Signature signature, string inputName) =>
        routes.TryGetValue(signature.Key, out var session) ? session.FindExampleParse(signature, inputName) : null;

    public void Dispose()
    {
        foreach (var resource in resources)
        {
            resource.Dispose();
        }
    }
}
