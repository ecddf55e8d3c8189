using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace SealServe.LoadTest.Suite;

/// <summary>The facts a benchmark figure is meaningless without: cores, CPU, memory, OS, runtime, engine, commit.</summary>
internal static class MachineInfo
{
    /// <summary>Starts a report: its title, then a two-column table of the machine (callers append their own rows).</summary>
    public static StringBuilder StartReport(string title, string repoRoot)
    {
        var md = new StringBuilder();
        md.AppendLine(title).AppendLine().AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (name, value) in Describe(repoRoot))
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {value} |");
        }

        return md;
    }

    public static IReadOnlyList<(string Name, string Value)> Describe(string repoRoot) =>
    [
        ("Cores (nproc)", Environment.ProcessorCount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("CPU", ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString()),
        ("Memory", ProcField("/proc/meminfo", "MemTotal") is { } total ? $"{total} (MemTotal)" : "unknown"),
        ("OS", RuntimeInformation.OSDescription),
        (".NET", RuntimeInformation.FrameworkDescription),
        ("ONNX Runtime", OrtEnv.Instance().GetVersionString()),
        ("Commit", Git(repoRoot, "rev-parse --short HEAD") + (string.IsNullOrWhiteSpace(Git(repoRoot, "status --porcelain --untracked-files=no")) ? string.Empty : " + working-tree changes")),
    ];

    private static string? ProcField(string path, string field)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal) && line.IndexOf(':', StringComparison.Ordinal) is var colon and > 0)
            {
                return line[(colon + 1)..].Trim();
            }
        }

        return null;
    }

    private static string Git(string repoRoot, string arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git", $"-C \"{repoRoot}\" {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(info)!;
            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }
}
