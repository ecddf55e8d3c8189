using System.Diagnostics;
using System.Diagnostics.Metrics;
using SealServe.Core.Diagnostics;
using SealServe.Core.Errors;

namespace SealServe.Server.Diagnostics;

/// <summary>
/// The request side's metrics, with TF Serving's names and label sets (<c>/tensorflow/serving/...</c>) plus ours
/// (<c>/sealserve/...</c>). A route records its request with one call to <see cref="RecordRequest"/>; the
/// instruments cost a no-op check unless <c>--monitoring_config_file</c> enabled metrics.
/// </summary>
public sealed class ServingMetrics
{
    /// <summary>Entry points, TF Serving's <c>entrypoint</c> label values.</summary>
    public const string Rest = "REST", Grpc = "GRPC";

    /// <summary>The engine's <c>runtime</c> label value (TF Serving: TF1, TFRT).</summary>
    public const string Runtime = "ONNXRuntime";

    private readonly Counter<long> requests;
    private readonly Histogram<double> requestLatency;
    private readonly Histogram<double> runtimeLatency;
    private readonly Histogram<double> exampleCounts;
    private readonly Counter<long> exampleTotal;
    private readonly Histogram<double> warmupLatency;
    private readonly Counter<long> requestBytes;
    private readonly Counter<long> responseBytes;

    public ServingMetrics(IMeterFactory meters)
    {
        var meter = meters.Create("SealServe.Server");
        requests = meter.CreateCounter<long>("/tensorflow/serving/request_count", description: "The total number of requests.");
        requestLatency = meter.CreateHistogram("/tensorflow/serving/request_latency", "us", "Distribution of wall time (in microseconds) for Tensorflow Serving request.", advice: MetricConventions.LatencyMicros);
        runtimeLatency = meter.CreateHistogram("/tensorflow/serving/runtime_latency", "us", "Distribution of wall time (in microseconds) for Tensorflow runtime.", advice: MetricConventions.LatencyMicros);
        exampleCounts = meter.CreateHistogram("/tensorflow/serving/request_example_counts", description: "The number of tensorflow.Examples per request.", advice: MetricConventions.Exponential(1, 2, 15));
        exampleTotal = meter.CreateCounter<long>("/tensorflow/serving/request_example_count_total", description: "The total number of tensorflow.Examples.");
        warmupLatency = meter.CreateHistogram("/tensorflow/serving/model_warmup_latency", "us", "Distribution of wall time (in microseconds) for warming up the model.", advice: MetricConventions.LatencyMicros);
        requestBytes = meter.CreateCounter<long>("/sealserve/request_bytes", "By", "Bytes of request bodies (REST) or messages (gRPC) received.");
        responseBytes = meter.CreateCounter<long>("/sealserve/response_bytes", "By", "Bytes of response bodies (REST) or messages (gRPC) sent.");
    }

    /// <summary>Whether anything collects the request metrics (so a caller can skip measuring what would be dropped).</summary>
    public bool Enabled => requests.Enabled;

    /// <summary>
    /// A finished inference request (<paramref name="api"/>: <c>Predict|Classify|Regress|MultiInference</c> for gRPC,
    /// <c>predict|classify|regress</c> for REST, as TF Serving labels them), started at <paramref name="startTimestamp"/>
    /// (<see cref="Stopwatch.GetTimestamp"/>), with its sizes on the wire.
    /// </summary>
    public void RecordRequest(string modelName, string api, string entrypoint, StatusCode status, long startTimestamp, long bytesIn, long bytesOut)
    {
        requests.Add(1, new("model_name", modelName), new("status", ServingStatus.CodeName(status)));
        requestLatency.Record(MetricConventions.MicrosSince(startTimestamp), new("model_name", modelName), new("API", api), new("entrypoint", entrypoint));
        requestBytes.Add(bytesIn, new("model_name", modelName), new("API", api), new("entrypoint", entrypoint));
        responseBytes.Add(bytesOut, new("model_name", modelName), new("API", api), new("entrypoint", entrypoint));
    }

    /// <summary>One run of the engine for <paramref name="api"/> (with batching, queueing included, as in TF Serving).</summary>
    public void RecordRuntime(string modelName, string api, long startTimestamp) =>
        runtimeLatency.Record(MetricConventions.MicrosSince(startTimestamp), new("model_name", modelName), new("API", api), new("runtime", Runtime));

    /// <summary>The tf.Examples of a Classify, Regress or MultiInference request.</summary>
    public void RecordExamples(string modelName, int count)
    {
        exampleCounts.Record(count, new KeyValuePair<string, object?>("model", modelName));
        exampleTotal.Add(count, new KeyValuePair<string, object?>("model", modelName));
    }

    /// <summary>A version's warmup (<paramref name="modelPath"/>: its folder, as TF Serving labels it).</summary>
    public void RecordWarmup(string modelPath, StatusCode status, long startTimestamp) =>
        warmupLatency.Record(MetricConventions.MicrosSince(startTimestamp), new("model_path", modelPath), new("status", ServingStatus.CodeName(status)));
}
