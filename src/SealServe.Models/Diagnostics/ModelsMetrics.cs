using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using SealServe.Core.Diagnostics;
using SealServe.Core.Errors;
using SealServe.Models.Batching;

namespace SealServe.Models.Diagnostics;

/// <summary>
/// The model side's metrics: loads and unloads by format and result, versions by state (ours, <c>/sealserve/...</c>),
/// and TF Serving's batching metrics (<c>/tensorflow/serving/batching_session/...</c>).
/// </summary>
public sealed class ModelsMetrics
{
    private readonly Meter meter;
    private readonly Counter<long> loads;
    private readonly Histogram<double> loadLatency;
    private readonly Counter<long> unloads;
    private readonly Histogram<double> queuingLatency;
    private readonly Histogram<double> inputBatchSize;
    private readonly Histogram<double> processedBatchSize;
    private readonly Histogram<double> paddingSize;
    private readonly Counter<long> wrappedRuns;
    private readonly ConcurrentDictionary<(string Model, long Version, string Signature), int> mergeRows = new();

    public ModelsMetrics(IMeterFactory meters)
    {
        meter = meters.Create("SealServe.Models");
        loads = meter.CreateCounter<long>("/sealserve/model_load_count", description: "Version loads (with warmup) by model, format and result status.");
        loadLatency = meter.CreateHistogram("/sealserve/model_load_latency", "us", "Distribution of wall time (in microseconds) to load and warm up a version.", advice: MetricConventions.LatencyMicros);
        unloads = meter.CreateCounter<long>("/sealserve/model_unload_count", description: "Versions unloaded, by model and format.");
        var batchSizes = MetricConventions.Exponential(1, 2, 14);
        queuingLatency = meter.CreateHistogram("/tensorflow/serving/batching_session/queuing_latency", "us", "Distribution of wall time spent (in microseconds) in queuing", advice: MetricConventions.Exponential(100, 1.2, 52));
        inputBatchSize = meter.CreateHistogram("/tensorflow/serving/batching_session/input_batch_size", description: "Tracks the batch size distribution on the inputs.", advice: batchSizes);
        processedBatchSize = meter.CreateHistogram("/tensorflow/serving/batching_session/processed_batch_size", description: "Tracks the batch size distribution on processing.", advice: batchSizes);
        paddingSize = meter.CreateHistogram("/tensorflow/serving/batching_session/padding_size", description: "Tracks the padding size distribution on batches.", advice: batchSizes);
        meter.CreateObservableGauge("/sealserve/batching/max_merge_rows", () => mergeRows.Select(m => new Measurement<long>(m.Value, new("model_name", m.Key.Model), new("version", m.Key.Version.ToString(CultureInfo.InvariantCulture)), new("signature", m.Key.Signature))), description: "Rows one batch may merge, as the load-time merge probe decided (1: requests run alone).");
        wrappedRuns = meter.CreateCounter<long>("/tensorflow/serving/batching_session/wrapped_run_count", description: "Total count of run calls on the wrapped session");
    }

    /// <summary>A load attempt that ended (with its warmup), started at <paramref name="startTimestamp"/>.</summary>
    public void RecordLoad(string modelName, string format, StatusCode status, long startTimestamp)
    {
        var tags = new TagList { { "model_name", modelName }, { "format", format }, { "status", ServingStatus.CodeName(status) } };
        loads.Add(1, tags);
        loadLatency.Record(MetricConventions.MicrosSince(startTimestamp), tags);
    }

    public void RecordUnload(string modelName, string format) => unloads.Add(1, new("model_name", modelName), new("format", format));

    /// <summary>Reports <c>/sealserve/model_versions{model_name,state}</c> from <paramref name="observe"/> on each scrape.</summary>
    public void ObserveVersions(Func<IEnumerable<(string ModelName, string State, int Count)>> observe) => _ =
        meter.CreateObservableGauge("/sealserve/model_versions", () => observe().Select(v =>
            new Measurement<long>(v.Count, new KeyValuePair<string, object?>("model_name", v.ModelName), new("state", v.State))), description: "Versions by model and state.");

    /// <summary>The merge probe's decisions for a loaded version, reported until <see cref="RemoveMergeDecisions"/>.</summary>
    internal void SetMergeDecisions(string modelName, long version, IEnumerable<(string Signature, int MaxRows)> decisions)
    {
        foreach (var (signature, maxRows) in decisions)
        {
            mergeRows[(modelName, version, signature)] = maxRows;
        }
    }

    internal void RemoveMergeDecisions(string modelName, long version)
    {
        foreach (var key in mergeRows.Keys)
        {
            if (key.Model == modelName && key.Version == version)
            {
                mergeRows.TryRemove(key, out _);
            }
        }
    }

    /// <summary>A batch about to run at <paramref name="now"/>: each request's size and wait, the batch's size after padding.</summary>
    internal void RecordBatch(string threadPoolName, IReadOnlyList<BatchTask> tasks, int rows, int paddedRows, long now, long frequency)
    {
        foreach (var task in tasks)
        {
            inputBatchSize.Record(task.Rows);
            queuingLatency.Record((now - task.EnqueuedAt) * 1_000_000 / frequency, new KeyValuePair<string, object?>("thread_pool_name", threadPoolName));
        }

        processedBatchSize.Record(paddedRows);
        paddingSize.Record(paddedRows - rows, new KeyValuePair<string, object?>("execution_batch_size", paddedRows.ToString(CultureInfo.InvariantCulture)));
        wrappedRuns.Add(1);
    }
}
