namespace SealServe.Server.Rest;

/// <summary>
/// What the REST port's APIs (TF Serving's and v2) share: the request slots that bound work in progress
/// (<c>--rest_api_num_threads</c>) and the budget of request bodies in flight (<c>--rest_api_max_inflight_bytes</c>).
/// </summary>
internal sealed class RestCapacity(ServerOptions options)
{
    public SemaphoreSlim Slots { get; } = new(options.RestApiNumThreads);

    public BodyMemoryBudget Bodies { get; } = new(options.RestApiMaxInflightBytes);
}
