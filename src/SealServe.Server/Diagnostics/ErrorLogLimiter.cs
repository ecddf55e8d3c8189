namespace SealServe.Server.Diagnostics;

/// <summary>
/// At most <see cref="PerMinute"/> unexpected-error lines a minute: a client that can trigger a server bug must
/// not also be able to fill the disk. Lines held back are counted and reported with the next one let through.
/// </summary>
internal sealed class ErrorLogLimiter(TimeProvider time)
{
    public const int PerMinute = 10;

    private readonly Lock gate = new();
    private DateTimeOffset windowStart = DateTimeOffset.MinValue;
    private int logged;
    private long held;

    /// <summary>True when a line may be written now; <paramref name="heldBack"/> says how many were dropped before it.</summary>
    public bool TryEnter(out long heldBack)
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            if (now - windowStart >= TimeSpan.FromMinutes(1))
            {
                windowStart = now;
                logged = 0;
            }

            if (logged >= PerMinute)
            {
                held++;
                heldBack = 0;
                return false;
            }

            logged++;
            heldBack = held;
            held = 0;
            return true;
        }
    }
}
