using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;

namespace SealServe.Sealing.Hardening;

/// <summary>
/// Keeps keys and plaintext models out of core dumps and away from debuggers run by other users, from the
/// first time a key or a sealed model is in memory. Once on, it stays on: memory that held a model may
/// still hold it after the unload. It also turns off ONNX Runtime's telemetry, whose offline event cache
/// (~/.cache/Microsoft/DeveloperTools/.onnxruntime) records model graph and producer names on disk; that
/// only takes effect if ONNX Runtime has not started yet, which holds when keys are configured (they load
/// before any model).
/// </summary>
internal sealed partial class ProcessHardening(ILogger<ProcessHardening> logger)
{
    private const int PrSetDumpable = 4;
    private const int PrGetDumpable = 3;
    private const int RlimitCore = 4;
    private const string OrtTelemetryOptOut = "ORT_DISABLE_TELEMETRY";

    private readonly Lock gate = new();
    private bool applied;

    /// <summary>Applies the hardening once per process and logs the outcome once.</summary>
    public void EnsureApplied()
    {
        lock (gate)
        {
            if (applied)
            {
                return;
            }

            applied = true;
            if (!OperatingSystem.IsLinux())
            {
                SealingLog.HardeningUnavailable(logger, $"core dumps and ptrace are only restricted on Linux, not on {RuntimeInformation.OSDescription}");
                return;
            }

            var problems = new List<string>();
            var noCore = new RLimit();
            if (SetRLimit(RlimitCore, ref noCore) != 0)
            {
                problems.Add($"setrlimit(RLIMIT_CORE, 0) failed with errno {Marshal.GetLastPInvokeError()}");
            }

            if (Prctl(PrSetDumpable, 0, 0, 0, 0) != 0)
            {
                problems.Add($"prctl(PR_SET_DUMPABLE, 0) failed with errno {Marshal.GetLastPInvokeError()}");
            }

            // Native setenv: Environment.SetEnvironmentVariable only changes .NET's copy, which ONNX Runtime never reads.
            // An operator's explicit setting wins (overwrite 0).
            if (SetEnv(OrtTelemetryOptOut, "1", 0) != 0)
            {
                problems.Add($"setenv({OrtTelemetryOptOut}) failed with errno {Marshal.GetLastPInvokeError()}");
            }

            if (problems.Count == 0)
            {
                SealingLog.ProcessHardened(logger);
            }
            else
            {
                SealingLog.HardeningUnavailable(logger, string.Join("; ", problems));
            }
        }
    }

    /// <summary>The kernel's view, for tests: 0 once hardened.</summary>
    public static int CurrentDumpable() => OperatingSystem.IsLinux() ? Prctl(PrGetDumpable, 0, 0, 0, 0) : -1;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

    [LibraryImport("libc", EntryPoint = "setenv", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnv(string name, string value, int overwrite);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, ref RLimit limit);

    /// <summary><c>struct rlimit</c>: two <c>rlim_t</c> (unsigned long) values, soft and hard.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public nuint Current;
        public nuint Maximum;
    }
}
