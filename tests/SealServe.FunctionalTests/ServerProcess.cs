using System.Diagnostics;
using System.Text;

namespace SealServe.FunctionalTests;

/// <summary>A command run in a real process (bash), with its output collected, for tests of the command line as users run it.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder standardOutput = new();

    private ServerProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data, standardOutput);
        process.ErrorDataReceived += (_, e) => Append(e.Data, null);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>Standard output alone (what a user would pipe on).</summary>
    public string StandardOutput
    {
        get
        {
            lock (output)
            {
                return standardOutput.ToString();
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int ExitCode => process.ExitCode;

    public int Id => process.Id;

    /// <summary>Starts <paramref name="command"/> with bash in <paramref name="workingDirectory"/>; <c>exec</c> is prepended so signals reach the command itself.</summary>
    public static ServerProcess Start(string command, string workingDirectory)
    {
        var info = new ProcessStartInfo("bash", ["-c", "exec " + command])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        return new ServerProcess(Process.Start(info)!);
    }

    /// <summary>Runs a command to completion and returns its exit code, its whole output and its standard output.</summary>
    public static async Task<(int ExitCode, string Output, string StandardOutput)> RunAsync(string command, string workingDirectory, TimeSpan timeout)
    {
        using var run = Start(command, workingDirectory);
        using var cancel = new CancellationTokenSource(timeout);
        await run.process.WaitForExitAsync(cancel.Token);
        run.process.WaitForExit();
        return (run.ExitCode, run.Output, run.StandardOutput);
    }

    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' did not appear (exited: {process.HasExited}). Output:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    public void Signal(string name)
    {
        using var kill = Process.Start("kill", [$"-{name}", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await process.WaitForExitAsync(cancel.Token);
        process.WaitForExit();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    private void Append(string? line, StringBuilder? stream)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
            stream?.AppendLine(line);
        }
    }
}
