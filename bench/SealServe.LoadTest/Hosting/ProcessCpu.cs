using System.Globalization;

namespace SealServe.LoadTest.Hosting;

/// <summary>
/// CPU time a process has used (user + system, all threads), from <c>/proc/&lt;pid&gt;/stat</c>. Divided by
/// requests it is the server's cost per request, which a shared machine disturbs far less than throughput.
/// </summary>
internal static class ProcessCpu
{
    private const double TicksPerSecond = 100; // USER_HZ on Linux.

    /// <summary>Seconds of CPU used so far, or NaN where /proc is not there.</summary>
    public static double Seconds(int pid)
    {
        var path = $"/proc/{pid}/stat";
        if (!File.Exists(path))
        {
            return double.NaN;
        }

        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        var text = File.ReadAllText(path);
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / TicksPerSecond;
    }
}
