using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace SealServe.Core.Diagnostics;

/// <summary>
/// What the metrics types of every layer share: TensorFlow's histogram buckets (<c>monitoring::Buckets</c>) and its
/// unit of time, whole microseconds. Instruments carry TF Serving's descriptor names (<c>/tensorflow/serving/...</c>),
/// ours <c>/sealserve/...</c>; the Prometheus page turns them into <c>:tensorflow:serving:...</c>.
/// </summary>
public static class MetricConventions
{
    /// <summary>TF Serving's latency buckets in microseconds (scale 10, growth 1.8, 33 bounds: up to about 20 minutes).</summary>
    public static readonly InstrumentAdvice<double> LatencyMicros = Exponential(10, 1.8, 33);

    /// <summary>TF's <c>Buckets::Exponential(scale, growth, count)</c>: bounds <c>scale · growthⁱ</c>, i &lt; count; a last bucket takes the rest.</summary>
    public static InstrumentAdvice<double> Exponential(double scale, double growth, int count)
    {
        var bounds = new double[count];
        var bound = scale;
        for (var i = 0; i < count; i++)
        {
            bounds[i] = bound;
            bound *= growth;
        }

        return new InstrumentAdvice<double> { HistogramBucketBoundaries = bounds };
    }

    /// <summary>Whole microseconds since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>), as TF records latencies.</summary>
    public static long MicrosSince(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).Ticks / TimeSpan.TicksPerMicrosecond;
}
