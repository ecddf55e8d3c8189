using SealServe.Core.Tensors;

namespace SealServe.Models.Engine;

/// <summary>
/// The variables a loaded version's signatures change (TF1 <c>Assign</c>/<c>AssignAdd</c>/<c>AssignSub</c>), by
/// tensor name: their values live as long as the version and change with each run that assigns them. Runs that read
/// or change them hold <see cref="Gate"/>, one at a time, as a TensorFlow session with locking assigns would see them.
/// </summary>
internal sealed class VariableState : IDisposable
{
    private readonly Dictionary<string, Tensor> values;

    public VariableState(IReadOnlyDictionary<string, Tensor> initial)
    {
        values = initial.ToDictionary(v => v.Key, v => Tensors.Copy(v.Value), StringComparer.Ordinal);
    }

    /// <summary>Held by every run that reads or changes the state.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>The current value (read under <see cref="Gate"/>; the state keeps it).</summary>
    public Tensor this[string variable] => values[variable];

    /// <summary>Makes a copy of <paramref name="value"/> the variable's value (under <see cref="Gate"/>).</summary>
    public void Set(string variable, Tensor value)
    {
        var copy = Tensors.Copy(value);
        values[variable].Dispose();
        values[variable] = copy;
    }

    public void Dispose()
    {
        foreach (var value in values.Values)
        {
            value.Dispose();
        }

        Gate.Dispose();
    }
}
