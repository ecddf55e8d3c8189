using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.TensorFlow.SavedModel;

namespace SealServe.Models.Engine;

/// <summary>
/// A signature group whose signatures read or change the loaded version's <see cref="VariableState"/>: a run of such a
/// signature is fed the current values of the variables it reads, and the new values its assign ops compute become the
/// state for later requests; these runs are serialized. Signatures that touch no state run as they are.
/// </summary>
internal sealed class StatefulServable(IServable inner, VariableState state, IReadOnlyDictionary<string, StateUse> uses) : IServable
{
    public IReadOnlyDictionary<string, Signature> Signatures => inner.Signatures;

    public async ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken)
    {
        if (!uses.TryGetValue(signature.Key, out var use) || use.IsEmpty)
        {
            return await inner.RunAsync(signature, inputNames, inputs, outputNames, cancellationToken).ConfigureAwait(false);
        }

        await state.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            string[] names = [.. inputNames, .. use.Reads.Select(r => r.TensorName)];
            Tensor[] values = [.. inputs, .. use.Reads.Select(r => state[r.TensorName])];

            // The new values are fetched once even when the signature returns them too.
            var fetched = outputNames.Concat(use.Updates.Select(u => u.Tensor)).Distinct(StringComparer.Ordinal).ToArray();
            var results = await inner.RunAsync(signature, names, values, fetched, cancellationToken).ConfigureAwait(false);
            try
            {
                foreach (var update in use.Updates)
                {
                    state.Set(update.Variable, results[Array.IndexOf(fetched, update.Tensor)]);
                }

                return [.. outputNames.Select(name => Tensors.Copy(results[Array.IndexOf(fetched, name)]))];
            }
            finally
            {
                foreach (var result in results)
                {
                    result.Dispose();
                }
            }
        }
        finally
        {
            state.Gate.Release();
        }
    }

    public void Dispose() => inner.Dispose();
}
