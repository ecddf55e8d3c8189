namespace SealServe.LoadTest.Hosting;

/// <summary>Resident set of a process, read from <c>/proc/&lt;pid&gt;/status</c> (Linux).</summary>
internal static class ProcessMemory
{
    /// <summary>Current resident set (VmRSS) in MiB, or NaN where /proc is not there.</summary>
    public static double ResidentMiB(int pid) => Read(pid, "VmRSS:");

    /// <summary>Peak resident set (VmHWM) in MiB.</summary>
    public static double PeakResidentMiB(int pid) => Read(pid, "VmHWM:");

    private static double Read(int pid, string field)
    {
        var path = $"/proc/{pid}/status";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var parts = line[field.Length..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                return long.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }
}
