namespace SealServe.Models.Config;

/// <summary>
/// The models to serve, as a <c>--model_config_file</c> lists them (TensorFlow Serving's
/// <c>ModelServerConfig</c> with a <c>model_config_list</c>). An immutable snapshot: a reload
/// produces a new one, which replaces the old list as a whole.
/// </summary>
/// <param name="Models">The models, in file order; names are unique.</param>
public sealed record ModelServerConfig(IReadOnlyList<ModelConfig> Models)
{
    /// <summary>No models: what an empty file (the <c>config</c> oneof unset) means to TF Serving.</summary>
    public static ModelServerConfig Empty { get; } = new([]);

    /// <summary>Equal when both list equal models in the same order.</summary>
    public bool Equals(ModelServerConfig? other) => other is not null && Models.SequenceEqual(other.Models);

    public override int GetHashCode() => Models.Count;
}
