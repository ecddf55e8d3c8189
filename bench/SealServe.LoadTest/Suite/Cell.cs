using SealServe.LoadTest.Load;

namespace SealServe.LoadTest.Suite;

/// <summary>
/// One scenario at one concurrency, ready to be driven in slices: by .NET senders in this process, or by a
/// function that runs one slice (an external load generator); a CPU probe, and what to dispose afterwards.
/// </summary>
internal sealed class Cell : IDisposable
{
    private readonly List<LoadSlice> slices = [];
    private readonly Func<TimeSpan, TimeSpan, CancellationToken, Task<LoadSlice>> runSlice;
    private readonly IDisposable[] owned;

    public Cell(string scenario, int concurrency, int batchSize, IReadOnlyList<IRequestSender> senders, Func<double>? cpuSeconds, params IDisposable[] owned)
        : this(scenario, concurrency, batchSize, (warmup, duration, token) => LoadRunner.RunSliceAsync(senders, concurrency, warmup, duration, token, cpuSeconds), owned)
    {
    }

    /// <summary>A cell whose slices <paramref name="runSlice"/> (warm-up, duration) measures itself.</summary>
    public Cell(string scenario, int concurrency, int batchSize, Func<TimeSpan, TimeSpan, CancellationToken, Task<LoadSlice>> runSlice, params IDisposable[] owned)
    {
        Scenario = scenario;
        Concurrency = concurrency;
        BatchSize = batchSize;
        this.runSlice = runSlice;
        this.owned = owned;
    }

    public string Scenario { get; }

    public int Concurrency { get; }

    public int BatchSize { get; }

    public async Task WarmAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        await runSlice(TimeSpan.Zero, duration, cancellationToken);

    public async Task<LoadSlice> MeasureSliceAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        // A short unrecorded start lets every worker have a request in flight before the window opens.
        var slice = await runSlice(TimeSpan.FromMilliseconds(100), duration, cancellationToken);
        slices.Add(slice);
        return slice;
    }

    public LoadResult Result() => LoadResult.FromSlices(Concurrency, slices);

    public void Dispose()
    {
        foreach (var disposable in owned)
        {
            disposable.Dispose();
        }
    }
}
