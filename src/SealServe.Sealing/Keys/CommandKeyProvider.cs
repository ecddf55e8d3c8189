using System.Diagnostics;
using System.Security.Cryptography;
using SealServe.Core.Errors;

namespace SealServe.Sealing.Keys;

/// <summary>
/// <c>--key_command 'CMD'</c>: runs CMD with <c>/bin/sh -c</c> and reads the key text (<see cref="KeyFileFormat"/>)
/// from its standard output, so vault and KMS command lines need no plugin. The command's standard error
/// goes straight to ours: the operator sees the tool's own complaint, and we never store or log it.
/// </summary>
internal sealed class CommandKeyProvider(TimeSpan timeout) : IKeyProvider
{
    private const int MaxOutputBytes = 64 * 1024;

    public CommandKeyProvider()
        : this(TimeSpan.FromSeconds(30))
    {
    }

    public string Scheme => KeyProviderNames.Command;

    public KeyEncryptionKey Load(KeySource source)
    {
        var info = new ProcessStartInfo("/bin/sh", ["-c", source.Reference])
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        using var process = StartOrThrow(info, source);
        process.StandardInput.Close();
        var output = new byte[MaxOutputBytes];
        try
        {
            var read = ReadOutput(process, output, source);
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw ServingException.FailedPrecondition($"{source.Describe()}: the command did not finish within {timeout.TotalSeconds:0} s");
            }

            if (process.ExitCode != 0)
            {
                throw ServingException.FailedPrecondition($"{source.Describe()}: the command failed with exit code {process.ExitCode}");
            }

            return KeyFileFormat.Parse(output.AsSpan(0, read), source.Describe());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(output);
        }
    }

    private static Process StartOrThrow(ProcessStartInfo info, KeySource source)
    {
        try
        {
            return Process.Start(info) ?? throw ServingException.FailedPrecondition($"{source.Describe()}: the command could not be started");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw ServingException.FailedPrecondition($"{source.Describe()}: the command could not be started ({e.Message})");
        }
    }

    /// <summary>Reads standard output into <paramref name="output"/> (no string copy of the key), bounded in size and time.</summary>
    private int ReadOutput(Process process, byte[] output, KeySource source)
    {
        var stream = process.StandardOutput.BaseStream;
        using var cancel = new CancellationTokenSource(timeout);
        var total = 0;
        try
        {
            while (total < output.Length)
            {
                var read = stream.ReadAsync(output.AsMemory(total), cancel.Token).AsTask().GetAwaiter().GetResult();
                if (read == 0)
                {
                    return total;
                }

                total += read;
            }
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw ServingException.FailedPrecondition($"{source.Describe()}: the command did not finish within {timeout.TotalSeconds:0} s");
        }

        process.Kill(entireProcessTree: true);
        throw ServingException.FailedPrecondition($"{source.Describe()}: the command printed more than {MaxOutputBytes} bytes");
    }
}
