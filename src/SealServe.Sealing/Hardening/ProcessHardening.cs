using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using SealServe.Sealing.Diagnostics;

namespace SealServe.Sealing.Hardening;

/// <summary>
/// Keeps keys and plaintext models out of core dumps and away from debuggers run by other users, from the
/// first time a key or a sealed model is in memory. Once on, it stays on: memory that held a model may
/// still hold it after the unload. Crash dumps asked for through the environment (which <c>createdump</c>
/// writes whatever the process's dumpable flag says) are refused; the diagnostics port is reported, and
/// <c>sealserve serve</c> turns it off before this runs (<see cref="DiagnosticsRestart"/>).
/// </summary>
internal sealed partial class ProcessHardening(ILogger<ProcessHardening> logger)
{
    private const int PrSetDumpable = 4;
    private const int PrGetDumpable = 3;
    private const int RlimitCore = 4;

    private readonly Lock gate = new();
    private bool applied;

    /// <summary>
    /// Applies the hardening once per process and logs the outcome once. Throws FAILED_PRECONDITION, every
    /// time, while the environment asks for crash dumps.
    /// </summary>
    public void EnsureApplied()
    {
        RefuseCrashDumps();
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

            if (!DiagnosticsEnvironment.DiagnosticsOff(Environment.GetEnvironmentVariable))
            {
                problems.Add($"the .NET diagnostics port is open ({DiagnosticsEnvironment.EnableDiagnostics} is not 0): a process of the same user can ask it for a dump");
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

    /// <summary>FAILED_PRECONDITION naming the variable while the environment asks for crash dumps.</summary>
    public static void RefuseCrashDumps()
    {
        if (DiagnosticsEnvironment.DumpRequest(Environment.GetEnvironmentVariable) is { } request)
        {
            throw Core.Errors.ServingException.FailedPrecondition($"{request} asks for crash dumps, which would hold the keys and the plaintext models: unset it");
        }
    }

    /// <summary>The kernel's view, for tests: 0 once hardened.</summary>
    public static int CurrentDumpable() => OperatingSystem.IsLinux() ? Prctl(PrGetDumpable, 0, 0, 0, 0) : -1;

    [LibraryImport("libc", EntryPoint = "prctl", SetLastError = true)]
    private static partial int Prctl(int option, nuint arg2, nuint arg3, nuint arg4, nuint arg5);

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
