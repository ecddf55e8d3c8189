using System.Diagnostics;

namespace SealServe.LoadTest.Load;

/// <summary>
/// Closed-loop load at a fixed concurrency: N workers each send a request as soon as their previous one
/// is answered. A warm-up (not recorded) comes first; then every request that completes inside the
/// measured window is recorded with its latency, and throughput is those completions over the window.
/// </summary>
internal static class LoadRunner
{
    private const int Warmup = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    /// <summary>Runs <paramref name="senders"/> (one per worker, or one shared by all when a single one is given).</summary>
    public static async Task<LoadResult> RunAsync(IReadOnlyList<IRequestSender> senders, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken, Func<double>? serverCpuSeconds = null) =>
        LoadResult.FromSlices(concurrency, [await RunSliceAsync(senders, concurrency, warmup, duration, cancellationToken, serverCpuSeconds).ConfigureAwait(false)]);

    /// <summary>One window of load; slices of several scenarios can be interleaved and merged (<see cref="LoadResult.FromSlices"/>).</summary>
    public static async Task<LoadSlice> RunSliceAsync(IReadOnlyList<IRequestSender> senders, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken, Func<double>? serverCpuSeconds = null)
    {
        var phase = Warmup;
        long windowStart = 0;
        long windowEnd = long.MaxValue;
        long errors = 0;
        var samples = new List<long>[concurrency];
        Exception? firstError = null;

        bool Running() => Volatile.Read(ref phase) != Stopped && !cancellationToken.IsCancellationRequested;

        void Failed(Exception e)
        {
            Interlocked.Increment(ref errors);
            Interlocked.CompareExchange(ref firstError, e, null);
        }

        void Record(List<long> mine, long start)
        {
            var end = Stopwatch.GetTimestamp();
            if (end >= Volatile.Read(ref windowStart) && end <= Volatile.Read(ref windowEnd) && Volatile.Read(ref phase) != Warmup)
            {
                mine.Add(end - start);
            }
        }

        void Worker(int index, IRequestSender sender)
        {
            var mine = samples[index] = new List<long>(4096);
            while (Running())
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    var pending = sender.SendAsync(cancellationToken);
                    if (!pending.IsCompletedSuccessfully)
                    {
                        pending.AsTask().GetAwaiter().GetResult();
                    }
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Failed(e);
                    continue;
                }

                Record(mine, start);
            }
        }

        async Task WorkerAsync(int index, IRequestSender sender)
        {
            await Task.Yield();
            var mine = samples[index] = new List<long>(4096);
            while (Running())
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    await sender.SendAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    Failed(e);
                    continue;
                }

                Record(mine, start);
            }
        }

        var blocking = senders[0].IsBlocking;
        var workers = new Task[concurrency];
        for (var i = 0; i < concurrency; i++)
        {
            var index = i;
            var sender = senders[senders.Count == 1 ? 0 : i % senders.Count];
            workers[i] = blocking
                ? Task.Factory.StartNew(() => Worker(index, sender), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)
                : Task.Run(() => WorkerAsync(index, sender), CancellationToken.None);
        }

        await Task.Delay(warmup, cancellationToken).ConfigureAwait(false);
        var cpuStart = serverCpuSeconds?.Invoke() ?? double.NaN;
        Volatile.Write(ref windowStart, Stopwatch.GetTimestamp());
        Volatile.Write(ref phase, Measuring);
        await Task.Delay(duration, cancellationToken).ConfigureAwait(false);
        var stop = Stopwatch.GetTimestamp();
        var cpuEnd = serverCpuSeconds?.Invoke() ?? double.NaN;
        Volatile.Write(ref windowEnd, stop);
        Volatile.Write(ref phase, Stopped);
        await Task.WhenAll(workers).ConfigureAwait(false);

        var all = new List<long>();
        foreach (var list in samples)
        {
            if (list is not null)
            {
                all.AddRange(list);
            }
        }

        if (all.Count == 0 && firstError is not null)
        {
            throw new InvalidOperationException($"Every request failed: {firstError.Message}", firstError);
        }

        var seconds = (stop - windowStart) / (double)Stopwatch.Frequency;
        return new LoadSlice([.. all], errors, seconds, cpuEnd - cpuStart);
    }
}
