using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace SealServe.Server.Monitoring;

/// <summary>
/// Aggregates the measurements of one server's instruments (SealServe's meters created through its
/// <see cref="IMeterFactory"/>, so servers sharing a process keep apart) for the Prometheus page. Started only when metrics are enabled: without
/// a listener, recording a measurement is a no-op check.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, MetricSeries> series = new();

    public MetricsCollector(IMeterFactory meters)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            // ASP.NET Core's own meters come from the same factory; only SealServe's are on the page.
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name.StartsWith("SealServe.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument, series.GetOrAdd(instrument, MetricSeries.For));
            }
        };
        listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricSeries)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricSeries)state!).Record(value, tags));
        listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricSeries)state!).Record(value, tags));
        listener.Start();
    }

    /// <summary>Every series, observable gauges freshly read, sorted by name as TF Serving's page is.</summary>
    public IReadOnlyList<MetricSeries> Collect()
    {
        lock (listener)
        {
            foreach (var gauge in series.Values.Where(s => s.IsObservable))
            {
                gauge.Clear();
            }

            listener.RecordObservableInstruments();
            return series.Values.OrderBy(s => s.Name, StringComparer.Ordinal).ToArray();
        }
    }

    public void Dispose() => listener.Dispose();
}
