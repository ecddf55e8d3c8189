namespace SealServe.Server.Rest;

/// <summary>
/// The bytes all REST request bodies in flight may hold together (<c>--rest_api_max_inflight_bytes</c>): each body
/// reserves its buffer before growing it and gives it back when the request ends, so many large or decompressing
/// bodies at once are refused instead of taking the host's memory.
/// </summary>
internal sealed class BodyMemoryBudget(long capacity)
{
    private long used;

    public long Capacity => capacity;

    public bool TryReserve(long bytes)
    {
        if (Interlocked.Add(ref used, bytes) <= capacity)
        {
            return true;
        }

        Interlocked.Add(ref used, -bytes);
        return false;
    }

    public void Release(long bytes) => Interlocked.Add(ref used, -bytes);
}
