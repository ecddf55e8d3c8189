using System.Collections;
using System.Runtime.InteropServices;
using System.Text;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Hardening;

/// <summary>
/// Turns the .NET diagnostics port, the managed debugger and the profiler off before a server loads keys. The
/// runtime reads <c>DOTNET_EnableDiagnostics</c> only when it starts, so the process executes itself again with
/// it set to 0 (<c>execve</c>: same process id, arguments and standard streams), before anything secret is read.
/// </summary>
internal static partial class DiagnosticsRestart
{
    /// <summary>
    /// Refuses crash dumps (FAILED_PRECONDITION naming the variable), then, on Linux with diagnostics on,
    /// re-executes the process with them off; returns only when diagnostics are already off or on another OS.
    /// </summary>
    public static void EnsureDiagnosticsOff()
    {
        ProcessHardening.RefuseCrashDumps();
        if (!OperatingSystem.IsLinux() || DiagnosticsEnvironment.DiagnosticsOff(Environment.GetEnvironmentVariable))
        {
            return;
        }

        var arguments = Encoding.UTF8.GetString(File.ReadAllBytes("/proc/self/cmdline")).TrimEnd('\0').Split('\0');
        var environment = Environment.GetEnvironmentVariables().Cast<DictionaryEntry>()
            .Where(e => (string)e.Key != DiagnosticsEnvironment.EnableDiagnostics)
            .Select(e => $"{e.Key}={e.Value}")
            .Append($"{DiagnosticsEnvironment.EnableDiagnostics}=0");
        RemoveEndpointFiles();
        Execve("/proc/self/exe", [.. arguments, null], [.. environment, null]);
        throw ServingException.FailedPrecondition(
            $"could not restart with {DiagnosticsEnvironment.EnableDiagnostics}=0 (errno {Marshal.GetLastPInvokeError()}): set it in the server's environment");
    }

    /// <summary>
    /// The runtime's diagnostics socket and debugger pipes are files named by process id. execve keeps the id but
    /// closes what listened on them: left behind, they would list a diagnostics port that no longer answers.
    /// </summary>
    private static void RemoveEndpointFiles()
    {
        var id = Environment.ProcessId;
        foreach (var pattern in new[] { $"dotnet-diagnostic-{id}-*", $"clr-debug-pipe-{id}-*" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), pattern))
            {
                File.Delete(file);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, string?[] argv, string?[] envp);
}
