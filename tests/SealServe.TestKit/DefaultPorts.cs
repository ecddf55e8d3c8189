namespace SealServe.TestKit;

/// <summary>
/// Tests that run the README's commands need the default ports 8500/8501 and /tmp/sealserve-demo. Several
/// checkouts of the project may run their suites on one machine at once, so those tests take this lock, which
/// works across processes (a FileShare.None open is an exclusive flock on Linux) and dies with its process.
/// </summary>
public static class DefaultPorts
{
    private static readonly string LockPath = Path.Combine(Path.GetTempPath(), "sealserve-default-ports.lock");

    public static async Task<IDisposable> LockAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                return new FileStream(LockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }
}
