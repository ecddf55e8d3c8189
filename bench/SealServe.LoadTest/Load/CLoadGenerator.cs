using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace SealServe.LoadTest.Load;

/// <summary>
/// The C load generators the team guide asks for next to our .NET client: <c>wrk</c> (HTTP/1.1, REST) and <c>h2load</c>
/// (HTTP/2, gRPC framed by hand). Each run answers its completed requests and seconds.
/// </summary>
internal static partial class CLoadGenerator
{
    public static bool IsInstalled(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Any(dir => File.Exists(Path.Combine(dir, tool)));

    /// <summary><c>wrk -t2 -cN -dS</c> POSTing <paramref name="bodyPath"/> as JSON.</summary>
    public static async Task<(long Requests, double Seconds)> WrkAsync(Uri uri, string bodyPath, int connections, TimeSpan duration, CancellationToken cancellationToken)
    {
        var script = bodyPath + ".lua";
        await File.WriteAllTextAsync(script, $"wrk.method = \"POST\"\nwrk.headers[\"Content-Type\"] = \"application/json\"\nlocal f = io.open(\"{bodyPath}\", \"rb\")\nwrk.body = f:read(\"*a\")\nf:close()\n", cancellationToken).ConfigureAwait(false);
        var output = await RunAsync("wrk", ["-t2", $"-c{connections}", $"-d{(int)duration.TotalSeconds}s", "-s", script, uri.ToString()], cancellationToken).ConfigureAwait(false);
        var done = WrkRequests().Match(output);
        var non2xx = WrkNon2xx().Match(output);
        if (!done.Success || non2xx.Success)
        {
            throw new InvalidOperationException($"wrk: {output}");
        }

        return (long.Parse(done.Groups[1].Value, CultureInfo.InvariantCulture), ParseSeconds(done.Groups[2].Value));
    }

    /// <summary><c>h2load</c> over one connection with N concurrent streams, POSTing the gRPC message <paramref name="message"/>.</summary>
    public static async Task<(long Requests, double Seconds)> H2LoadGrpcAsync(Uri uri, byte[] message, string scratch, int streams, TimeSpan duration, CancellationToken cancellationToken)
    {
        // gRPC framing: not compressed (0), 4-byte big-endian length, the message.
        var framed = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1), message.Length);
        message.CopyTo(framed, 5);
        var path = Path.Combine(scratch, $"grpc-{Guid.NewGuid():N}.bin");
        await File.WriteAllBytesAsync(path, framed, cancellationToken).ConfigureAwait(false);
        var output = await RunAsync("h2load", ["-c1", $"-m{streams}", $"-D{(int)duration.TotalSeconds}", "-d", path, "-H", "content-type: application/grpc", "-H", "te: trailers", uri.ToString()], cancellationToken).ConfigureAwait(false);
        var finished = H2Finished().Match(output);
        var requests = H2Requests().Match(output);
        if (!finished.Success || !requests.Success || requests.Groups[2].Value != "0")
        {
            throw new InvalidOperationException($"h2load: {output}");
        }

        return (long.Parse(requests.Groups[1].Value, CultureInfo.InvariantCulture), ParseSeconds(finished.Groups[1].Value));
    }

    private static async Task<string> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return await output.ConfigureAwait(false) + await error.ConfigureAwait(false);
    }

    private static double ParseSeconds(string text) =>
        text.EndsWith("ms", StringComparison.Ordinal) ? double.Parse(text[..^2], CultureInfo.InvariantCulture) / 1000
        : text.EndsWith('m') ? double.Parse(text[..^1], CultureInfo.InvariantCulture) * 60
        : double.Parse(text.TrimEnd('s'), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"(\d+) requests in ([\d.]+m?s)")]
    private static partial Regex WrkRequests();

    [GeneratedRegex(@"Non-2xx")]
    private static partial Regex WrkNon2xx();

    [GeneratedRegex(@"finished in ([\d.]+m?s)")]
    private static partial Regex H2Finished();

    [GeneratedRegex(@"requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed")]
    private static partial Regex H2Requests();
}
