using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SealServe.Server.Monitoring;

/// <summary>How a series is exposed: TF Serving's counter, gauge and histogram (its sampler).</summary>
internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// The cells of one instrument, one per label set, updated with interlocked operations only: recording takes no
/// lock and, once a label set is known, allocates nothing. Label sets have at most three labels, as TF Serving's.
/// </summary>
internal sealed class MetricSeries
{
    private const int MaxLabels = 3;
    private readonly ConcurrentDictionary<LabelValues, MetricCell> cells = new();

    private MetricSeries(string name, MetricKind kind, double[] bounds, bool observable)
    {
        Name = name;
        Kind = kind;
        Bounds = bounds;
        IsObservable = observable;
    }

    /// <summary>The instrument's name, TF Serving's metric descriptor name (<c>/tensorflow/serving/request_count</c>).</summary>
    public string Name { get; }

    public MetricKind Kind { get; }

    /// <summary>Upper bounds of the finite histogram buckets (from the instrument's advice); a last bucket takes the rest.</summary>
    public double[] Bounds { get; }

    public bool IsObservable { get; }

    public IEnumerable<MetricCell> Cells => cells.Values.OrderBy(c => c.Labels, LabelOrder.Instance);

    public static MetricSeries For(Instrument instrument) => instrument switch
    {
        Histogram<double> h => new(instrument.Name, MetricKind.Histogram, h.Advice?.HistogramBucketBoundaries?.ToArray() ?? [], false),
        Histogram<long> h => new(instrument.Name, MetricKind.Histogram, h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b).ToArray() ?? [], false),
        Counter<long> or Counter<int> or Counter<double> or ObservableCounter<long> => new(instrument.Name, MetricKind.Counter, [], instrument.IsObservable),
        _ => new(instrument.Name, MetricKind.Gauge, [], instrument.IsObservable),
    };

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = new LabelValues(Value(tags, 0), Value(tags, 1), Value(tags, 2));
        if (!cells.TryGetValue(key, out var cell))
        {
            var labels = new KeyValuePair<string, string>[Math.Min(tags.Length, MaxLabels)];
            for (var i = 0; i < labels.Length; i++)
            {
                labels[i] = new(tags[i].Key, Value(tags, i)!);
            }

            cell = cells.GetOrAdd(key, new MetricCell(labels, Kind == MetricKind.Histogram ? Bounds.Length + 1 : 0));
        }

        switch (Kind)
        {
            case MetricKind.Counter:
                cell.Add(value);
                break;
            case MetricKind.Gauge:
                cell.Set(value);
                break;
            default:
                cell.Observe(value, Bucket(value));
                break;
        }
    }

    public void Clear() => cells.Clear();

    private int Bucket(double value)
    {
        // Upper bounds are inclusive, as Prometheus's le.
        var index = Array.BinarySearch(Bounds, value);
        return index >= 0 ? index : ~index;
    }

    private static string? Value(ReadOnlySpan<KeyValuePair<string, object?>> tags, int index) =>
        index < tags.Length ? tags[index].Value as string ?? Convert.ToString(tags[index].Value, System.Globalization.CultureInfo.InvariantCulture) : null;

    private readonly record struct LabelValues(string? First, string? Second, string? Third);

    private sealed class LabelOrder : IComparer<KeyValuePair<string, string>[]>
    {
        public static readonly LabelOrder Instance = new();

        public int Compare(KeyValuePair<string, string>[]? x, KeyValuePair<string, string>[]? y)
        {
            for (var i = 0; i < Math.Min(x!.Length, y!.Length); i++)
            {
                var order = string.CompareOrdinal(x[i].Value, y[i].Value);
                if (order != 0)
                {
                    return order;
                }
            }

            return x.Length - y.Length;
        }
    }
}

/// <summary>One label set's value: a counter or gauge value, or a histogram's bucket counts and sum.</summary>
internal sealed class MetricCell(KeyValuePair<string, string>[] labels, int buckets)
{
    private readonly long[] buckets = new long[buckets];
    private double value;

    public KeyValuePair<string, string>[] Labels { get; } = labels;

    /// <summary>The counter or gauge value; a histogram's sum.</summary>
    public double Value => Volatile.Read(ref value);

    /// <summary>The histogram's buckets (not cumulative), the last one unbounded.</summary>
    public long[] Buckets => (long[])buckets.Clone();

    public void Add(double amount)
    {
        var current = Volatile.Read(ref value);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref value, current + amount, current);
            if (seen.Equals(current))
            {
                return;
            }

            current = seen;
        }
    }

    public void Set(double newValue) => Volatile.Write(ref value, newValue);

    public void Observe(double sample, int bucket)
    {
        Interlocked.Increment(ref buckets[bucket]);
        Add(sample);
    }
}
