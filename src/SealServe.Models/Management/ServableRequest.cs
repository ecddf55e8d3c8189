namespace SealServe.Models.Management;

/// <summary>Which version of a model a request wants: the latest, a number, or a label.</summary>
public readonly record struct ServableRequest(string Name, long? Version = null, string? Label = null)
{
    /// <summary>TensorFlow Serving's rendering, used in "Servable not found for request: ..." errors.</summary>
    public override string ToString() => Version is { } v ? $"Specific({Name}, {v})" : $"Latest({Name})";
}
