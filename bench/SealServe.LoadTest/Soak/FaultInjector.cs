using System.Diagnostics;
using System.Globalization;

namespace SealServe.LoadTest.Soak;

/// <summary>
/// Faults for the soak, on the served model's own base path while it takes traffic, one every
/// <paramref name="every"/>, in turn: a good new version (becomes latest; the previous one unloads under load), a
/// corrupt one (fails; the good one keeps serving), one whose <c>model.onnx</c> is a FIFO nobody writes to (its read
/// hangs until <c>--model_load_timeout_s</c>), and removal of versions that ended. Hung readers are released
/// (the FIFO's write end opened and closed) one round later, as a stuck mount that recovers.
/// </summary>
internal sealed class FaultInjector(string basePath, string modelFile, TimeSpan every)
{
    private readonly List<string> hung = [];
    private long next = 2;
    private long latestGood = 1;

    public int Good { get; private set; }

    public int Corrupt { get; private set; }

    public int Hanging { get; private set; }

    public int Removed { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var round = 0; ; round++)
            {
                await Task.Delay(every, cancellationToken);
                switch (round % 4)
                {
                    case 0: AddGood(); break;
                    case 1: AddCorrupt(); break;
                    case 2: ReleaseHung(); AddHanging(); break;
                    default: RemoveEnded(); break;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            ReleaseHung();
        }
    }

    private void AddGood()
    {
        latestGood = AddVersion(folder => File.CreateSymbolicLink(Path.Combine(folder, "model.onnx"), modelFile));
        Good++;
    }

    private void AddCorrupt()
    {
        AddVersion(folder => File.WriteAllBytes(Path.Combine(folder, "model.onnx"), [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 31))]));
        Corrupt++;
    }

    private void AddHanging()
    {
        var version = AddVersion(folder => Run("mkfifo", Path.Combine(folder, "model.onnx")));
        hung.Add(Path.Combine(basePath, version.ToString(CultureInfo.InvariantCulture), "model.onnx"));
        Hanging++;
    }

    /// <summary>Every version below the latest good one: unloaded, failed or timed out by now.</summary>
    private void RemoveEnded()
    {
        foreach (var folder in Directory.EnumerateDirectories(basePath))
        {
            if (long.TryParse(Path.GetFileName(folder), NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version < latestGood)
            {
                Directory.Delete(folder, recursive: true);
                Removed++;
            }
        }
    }

    /// <summary>Writes the version aside and renames it into the base path whole, as a deployment should.</summary>
    private long AddVersion(Action<string> write)
    {
        var version = next++;
        var staging = Path.Combine(Path.GetDirectoryName(basePath)!, $"staging-{version}");
        Directory.CreateDirectory(staging);
        write(staging);
        Directory.Move(staging, Path.Combine(basePath, version.ToString(CultureInfo.InvariantCulture)));
        return version;
    }

    private void ReleaseHung()
    {
        foreach (var fifo in hung)
        {
            // Opening the write end gives the blocked reader end of file; bounded in case nobody reads any more.
            Run("timeout", "2", "sh", "-c", $": > '{fifo}'");
        }

        hung.Clear();
    }

    private static void Run(string program, params string[] arguments)
    {
        using var process = Process.Start(program, arguments);
        process.WaitForExit();
    }
}
