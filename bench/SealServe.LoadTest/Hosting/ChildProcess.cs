using System.Collections.Concurrent;
using System.Diagnostics;

namespace SealServe.LoadTest.Hosting;

/// <summary>A <c>dotnet X.dll ...</c> child whose output is kept (for readiness and warnings); killed by its own id on dispose.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private ChildProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Every line written so far to standard output or error.</summary>
    public IReadOnlyCollection<string> Output => lines;

    public static ChildProcess Start(string dll, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The child logs to the console; colours would only add escape codes to the kept lines.
        info.Environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "false";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public bool OutputContains(string text) => lines.Any(l => l.Contains(text, StringComparison.Ordinal));

    public string OutputText() => string.Join(Environment.NewLine, lines);

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static string DotnetHost()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet" ? current : "dotnet";
    }

    private void Keep(string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
