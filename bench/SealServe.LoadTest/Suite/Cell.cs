using SealServe.LoadTest.Load;

namespace SealServe.LoadTest.Suite;

/// <summary>One scenario at one concurrency, ready to be driven in slices: its senders, a CPU probe, and what to dispose afterwards.</summary>
internal sealed class Cell(string scenario, int concurrency, int batchSize, IReadOnlyList<IRequestSender> senders, Func<double>? cpuSeconds, params IDisposable[] owned) : IDisposable
{
    private readonly List<LoadSlice> slices = [];

    public string Scenario { get; } = scenario;

    public int Concurrency { get; } = concurrency;

    public int BatchSize { get; } = batchSize;

    public async Task WarmAsync(TimeSpan duration, CancellationToken cancellationToken) =>
        await LoadRunner.RunSliceAsync(senders, Concurrency, TimeSpan.Zero, duration, cancellationToken, cpuSeconds);

    public async Task<LoadSlice> MeasureSliceAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        // A short unrecorded start lets every worker have a request in flight before the window opens.
        var slice = await LoadRunner.RunSliceAsync(senders, Concurrency, TimeSpan.FromMilliseconds(100), duration, cancellationToken, cpuSeconds);
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
