namespace SealServe.Models.Loading;

/// <summary>
/// Replays a version's warmup requests (TF Serving's <c>assets.extra/tf_serving_warmup_requests</c>)
/// before it becomes AVAILABLE, so its first real request does not pay for lazy initialisation.
/// Any failure fails the load.
/// </summary>
public interface IServableWarmup
{
    /// <summary>Runs the records of <paramref name="warmupFile"/> (a TFRecord file of PredictionLog) against <paramref name="servable"/>.</summary>
    Task WarmUpAsync(string modelName, long version, IServable servable, ReadOnlyMemory<byte> warmupFile, string path, CancellationToken cancellationToken);
}
