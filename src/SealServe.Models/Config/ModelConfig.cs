using SealServe.Models.Policies;

namespace SealServe.Models.Config;

/// <summary>One served model, as a <c>config { ... }</c> entry of TensorFlow Serving's model config list.</summary>
/// <param name="Name">The name clients use (<c>--model_name</c>).</param>
/// <param name="BasePath">The folder holding numbered version folders (<c>--model_base_path</c>).</param>
/// <param name="Platform"><c>tensorflow</c> or <c>onnx</c>; both load whatever format a version folder holds.</param>
/// <param name="Policy">Which versions to serve.</param>
/// <param name="VersionLabels">Labels (<c>stable</c>, <c>canary</c>...) mapped to versions.</param>
public sealed record ModelConfig(
    string Name,
    string BasePath,
    string Platform,
    VersionPolicy Policy,
    IReadOnlyDictionary<string, long> VersionLabels)
{
    public static ModelConfig Create(string name, string basePath) =>
        new(name, basePath, "tensorflow", VersionPolicy.Default, new Dictionary<string, long>());

    /// <summary>Equal when every setting is, labels compared by content (a reload that changes nothing is a no-op).</summary>
    public bool Equals(ModelConfig? other) =>
        other is not null
        && (Name, BasePath, Platform, Policy) == (other.Name, other.BasePath, other.Platform, other.Policy)
        && VersionLabels.Count == other.VersionLabels.Count
        && VersionLabels.All(l => other.VersionLabels.TryGetValue(l.Key, out var v) && v == l.Value);

    public override int GetHashCode() => HashCode.Combine(Name, BasePath, Platform, Policy, VersionLabels.Count);
}
