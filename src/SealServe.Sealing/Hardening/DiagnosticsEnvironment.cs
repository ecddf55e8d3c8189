namespace SealServe.Sealing.Hardening;

/// <summary>
/// What the .NET runtime was told by its environment about dumps and diagnostics (read once, at start): a
/// crash dump (<c>createdump</c> runs as the process's own user, root included, whatever <c>PR_SET_DUMPABLE</c>
/// says) or the diagnostics port (<c>dotnet-dump collect</c>), the debugger and the profiler would all reach
/// the keys and the plaintext models. Pure functions over a variable lookup.
/// </summary>
internal static class DiagnosticsEnvironment
{
    /// <summary>The variable that turns the diagnostics port, the managed debugger and the profiler off.</summary>
    public const string EnableDiagnostics = "DOTNET_EnableDiagnostics";

    private static readonly string[] Prefixes = ["DOTNET_", "COMPlus_"];
    private static readonly string[] DumpSwitches = ["DbgEnableMiniDump", "EnableCrashReport", "EnableCrashReportOnly"];

    /// <summary>The first variable asking for crash dumps, as <c>NAME=value</c>, or null.</summary>
    public static string? DumpRequest(Func<string, string?> variable)
    {
        foreach (var name in DumpSwitches.SelectMany(s => Prefixes.Select(p => p + s)))
        {
            if (variable(name) is { Length: > 0 } value && value != "0")
            {
                return $"{name}={value}";
            }
        }

        return null;
    }

    /// <summary>True when diagnostics are off: the runtime reads <c>DOTNET_EnableDiagnostics</c>, else <c>COMPlus_EnableDiagnostics</c>.</summary>
    public static bool DiagnosticsOff(Func<string, string?> variable) =>
        (variable(EnableDiagnostics) ?? variable("COMPlus_EnableDiagnostics")) == "0";
}
