using System.Diagnostics;
using System.Globalization;

namespace SealServe.LoadTest.Load;

/// <summary>
/// Closed-loop load from C load generators, which cost the shared cores far less than a .NET client: <c>wrk</c>
/// for REST (one thread, N connections) and <c>h2load</c> for gRPC (N HTTP/2 connections, one stream each, a
/// prebuilt gRPC-framed <c>PredictRequest</c>). Each run is one slice; latencies come back per request
/// (h2load's log file) or as wrk's quantiles in steps of 0.1 % (spread over its requests), so slices merge
/// like the .NET clients'.
/// </summary>
/// <remarks>
/// h2load sees only HTTP statuses: a gRPC error travels in a 200 response's trailers. The suite checks the same
/// request over Grpc.Net.Client before any load, so a slice's errors are transport failures.
/// </remarks>
internal static class ExternalLoad
{
    /// <summary>Writes the wrk script that POSTs <paramref name="bodyFile"/> and dumps its results to <paramref name="resultFile"/>.</summary>
    public static string WrkScript(string folder, string name, string bodyFile, string resultFile)
    {
        var script = Path.Combine(folder, name + ".lua");
        File.WriteAllText(script, $$"""
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            local input = io.open("{{bodyFile}}", "rb")
            wrk.body = input:read("*a")
            input:close()
            done = function(summary, latency, requests)
              local e = summary.errors
              local out = io.open("{{resultFile}}", "w")
              out:write(string.format("%d %d %d\n", summary.requests, e.connect + e.read + e.write + e.status + e.timeout, summary.duration))
              for q = 1, 1000 do
                out:write(string.format("%d\n", latency:percentile(q / 10)))
              end
              out:close()
            end
            """);
        return script;
    }

    /// <summary>One wrk slice of whole seconds (wrk's resolution) with <paramref name="concurrency"/> connections.</summary>
    public static async Task<LoadSlice> WrkAsync(Uri url, string script, string resultFile, int concurrency, TimeSpan duration, Func<double>? serverCpuSeconds, CancellationToken cancellationToken)
    {
        var seconds = Math.Max(1, (int)Math.Round(duration.TotalSeconds));
        File.Delete(resultFile);
        var cpu = await RunAsync("wrk", ["-t1", $"-c{concurrency}", $"-d{seconds}s", "--timeout", "30s", "-s", script, url.ToString()], serverCpuSeconds, cancellationToken);
        var lines = await File.ReadAllLinesAsync(resultFile, cancellationToken);
        var head = Longs(lines[0]);
        var quantiles = lines.Skip(1).Select(line => MicrosToTicks(Longs(line)[0])).ToArray();
        var ticks = new long[head[0]];
        for (var i = 0; i < ticks.Length; i++)
        {
            ticks[i] = quantiles[(int)((long)i * quantiles.Length / ticks.Length)];
        }

        return new LoadSlice(ticks, head[1], head[2] / 1e6, cpu);
    }

    /// <summary>One h2load slice: <paramref name="concurrency"/> clients, one stream each, POSTing <paramref name="bodyFile"/>.</summary>
    public static async Task<LoadSlice> H2LoadAsync(Uri url, string bodyFile, string logFile, int concurrency, TimeSpan duration, Func<double>? serverCpuSeconds, CancellationToken cancellationToken)
    {
        File.Delete(logFile);
        string[] arguments =
        [
            "-t1", $"-c{concurrency}", "-m1", $"-D{(int)duration.TotalMilliseconds}ms", $"--log-file={logFile}", $"--data={bodyFile}",
            "-H", "content-type: application/grpc", "-H", "te: trailers", url.ToString(),
        ];
        var cpu = await RunAsync("h2load", arguments, serverCpuSeconds, cancellationToken);
        var ticks = new List<long>();
        long errors = 0;
        foreach (var line in await File.ReadAllLinesAsync(logFile, cancellationToken))
        {
            // start (µs since the epoch) \t HTTP status (-1 when the stream failed) \t µs to the end of the response
            var fields = line.Split('\t');
            if (fields[1] == "200")
            {
                ticks.Add(MicrosToTicks(long.Parse(fields[2], CultureInfo.InvariantCulture)));
            }
            else
            {
                errors++;
            }
        }

        return new LoadSlice([.. ticks], errors, duration.TotalSeconds, cpu);
    }

    /// <summary>Runs a load generator to its end; returns the server CPU seconds it cost.</summary>
    private static async Task<double> RunAsync(string tool, string[] arguments, Func<double>? serverCpuSeconds, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var cpuStart = serverCpuSeconds?.Invoke() ?? double.NaN;
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var cpu = (serverCpuSeconds?.Invoke() ?? double.NaN) - cpuStart;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{await error}");
        }

        return cpu;
    }

    private static long[] Longs(string line) => line.Split(' ').Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToArray();

    private static long MicrosToTicks(long micros) => micros * Stopwatch.Frequency / 1_000_000;
}
