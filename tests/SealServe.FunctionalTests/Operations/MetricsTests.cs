using System.Globalization;
using Grpc.Core;
using SealServe.FunctionalTests.TensorFlow;
using SealServe.Models.Batching;
using SealServe.Models.Config;
using SealServe.Server.Monitoring;
using SealServe.TestKit;
using InferenceTask = Tensorflow.Serving.InferenceTask;
using MultiInferenceRequest = Tensorflow.Serving.MultiInferenceRequest;
using PredictRequest = Tensorflow.Serving.PredictRequest;
using RegressionRequest = Tensorflow.Serving.RegressionRequest;

namespace SealServe.FunctionalTests.Operations;

/// <summary>The Prometheus page after known traffic: TF Serving's names and label sets, exact counts, cumulative buckets.</summary>
public sealed class MetricsTests
{
    private const string Path = "/monitoring/prometheus/metrics";

    [Fact]
    public async Task Metrics_AfterKnownTraffic_CountsExactlyWithTfServingNames()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("half_plus_two", repository.BasePath)],
            options => options.Monitoring = new MonitoringOptions { PrometheusEnabled = true });

        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0, 2.0]}"));
            Assert.True(ok.IsSuccessStatusCode);
        }

        using var bad = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [\"x\"]}"));
        await server.Prediction.PredictAsync(GrpcRequests.HalfPlusTwo(1f, 2f));
        await server.Prediction.PredictAsync(GrpcRequests.HalfPlusTwo(1f, 2f));
        await Assert.ThrowsAsync<RpcException>(async () => await server.Prediction.PredictAsync(Missing()));
        using var status = await server.Http.GetAsync("/v1/models/half_plus_two");

        using var response = await server.Http.GetAsync(Path);
        var page = await response.Content.ReadAsStringAsync();
        var lines = page.Split('\n');

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n", page, StringComparison.Ordinal);
        Assert.Contains("# TYPE :tensorflow:serving:request_count counter", lines);
        Assert.Contains(":tensorflow:serving:request_count{model_name=\"half_plus_two\",status=\"OK\"} 5", lines);
        Assert.Contains(":tensorflow:serving:request_count{model_name=\"half_plus_two\",status=\"INVALID_ARGUMENT\"} 1", lines);
        Assert.Contains(":tensorflow:serving:request_count{model_name=\"missing\",status=\"NOT_FOUND\"} 1", lines);
        Assert.Contains("# TYPE :tensorflow:serving:request_latency histogram", lines);
        AssertHistogram(lines, ":tensorflow:serving:request_latency", "model_name=\"half_plus_two\",API=\"predict\",entrypoint=\"REST\"", 4);
        AssertHistogram(lines, ":tensorflow:serving:request_latency", "model_name=\"half_plus_two\",API=\"Predict\",entrypoint=\"GRPC\"", 2);
        AssertHistogram(lines, ":tensorflow:serving:runtime_latency", "model_name=\"half_plus_two\",API=\"Predict\",runtime=\"ONNXRuntime\"", 5);
        Assert.Contains(":sealserve:model_load_count{model_name=\"half_plus_two\",format=\"onnx\",status=\"OK\"} 1", lines);
        Assert.Contains(":sealserve:model_versions{model_name=\"half_plus_two\",state=\"AVAILABLE\"} 1", lines);
        Assert.Contains(lines, l => l.StartsWith(":sealserve:request_bytes{model_name=\"half_plus_two\",API=\"predict\",entrypoint=\"REST\"} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_ExampleCalls_CountRequestsAndExamplesWithTfServingNames()
    {
        using var repository = new TempModelRepository();
        repository.LinkVersion("123", System.IO.Path.Combine(Corpus.Require("tfserving"), "saved_model_half_plus_two_cpu", "00000123"));
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("hp", repository.BasePath)],
            options => options.Monitoring = new MonitoringOptions { PrometheusEnabled = true });

        using var classify = await server.Http.PostAsync("/v1/models/hp:classify", new StringContent("""{"signature_name": "classify_x_to_y", "examples": [{"x": 1.0}, {"x": 2.0}]}"""));
        using var regress = await server.Http.PostAsync("/v1/models/hp:regress", new StringContent("""{"signature_name": "regress_x_to_y", "examples": [{"x": 1.0}]}"""));
        await server.Prediction.RegressAsync(new RegressionRequest { ModelSpec = ExampleRequests.Spec("hp", "regress_x_to_y"), Input = ExampleRequests.Xs(1f, 2f, 3f) });
        var multi = new MultiInferenceRequest { Input = ExampleRequests.Xs(1f, 2f, 3f, 4f) };
        multi.Tasks.Add(new InferenceTask { ModelSpec = ExampleRequests.Spec("hp", "regress_x_to_y"), MethodName = "tensorflow/serving/regress" });
        multi.Tasks.Add(new InferenceTask { ModelSpec = ExampleRequests.Spec("hp", "classify_x_to_y"), MethodName = "tensorflow/serving/classify" });
        await server.Prediction.MultiInferenceAsync(multi);

        var lines = (await server.Http.GetStringAsync(Path)).Split('\n');

        Assert.True(classify.IsSuccessStatusCode && regress.IsSuccessStatusCode);
        Assert.Contains(":tensorflow:serving:request_count{model_name=\"hp\",status=\"OK\"} 4", lines);
        AssertHistogram(lines, ":tensorflow:serving:request_latency", "model_name=\"hp\",API=\"classify\",entrypoint=\"REST\"", 1);
        AssertHistogram(lines, ":tensorflow:serving:request_latency", "model_name=\"hp\",API=\"MultiInference\",entrypoint=\"GRPC\"", 1);
        Assert.Contains(":tensorflow:serving:request_example_count_total{model=\"hp\"} 10", lines);
        Assert.Contains(":tensorflow:serving:request_example_counts_count{model=\"hp\"} 4", lines);
    }

    [Fact]
    public async Task Metrics_Batching_QueueLatencyAndBatchSizes()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("half_plus_two", repository.BasePath)],
            options => options.Monitoring = new MonitoringOptions { PrometheusEnabled = true },
            configureModels: models => models.Batching = new BatchingOptions { MaxBatchSize = 8, BatchTimeoutMicros = 100, NumBatchThreads = 1, AllowedBatchSizes = [4, 8] });

        for (var i = 0; i < 3; i++)
        {
            using var ok = await server.Http.PostAsync("/v1/models/half_plus_two:predict", new StringContent("{\"instances\": [1.0, 2.0]}"));
            Assert.True(ok.IsSuccessStatusCode);
        }

        var lines = (await server.Http.GetStringAsync(Path)).Split('\n');

        Assert.Contains(":tensorflow:serving:batching_session:wrapped_run_count{} 3", lines);
        Assert.Contains(":tensorflow:serving:batching_session:input_batch_size_bucket{le=\"2\"} 3", lines);
        Assert.Contains(":tensorflow:serving:batching_session:processed_batch_size_bucket{le=\"2\"} 0", lines);
        Assert.Contains(":tensorflow:serving:batching_session:processed_batch_size_bucket{le=\"4\"} 3", lines);
        Assert.Contains(":tensorflow:serving:batching_session:padding_size_count{execution_batch_size=\"4\"} 3", lines);
        Assert.Contains(":tensorflow:serving:batching_session:queuing_latency_count{thread_pool_name=\"batch_threads\"} 3", lines);
    }

    [Fact]
    public async Task Metrics_NotConfigured_PathAnswers404()
    {
        using var repository = new TempModelRepository();
        repository.AddVersion("1", TestModels.HalfPlusTwo());
        await using var server = await TestServer.StartAsync("half_plus_two", repository.BasePath);

        using var response = await server.Http.GetAsync(Path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData(10.0, "10")]
    [InlineData(32.4, "32.4")]
    [InlineData(1101.9960576, "1102")]
    [InlineData(612.220032, "612.22")]
    [InlineData(1274823.0, "1.27482e+06")]
    public void SixDigits_PrintsAsAbslStrCat(double value, string text) => Assert.Equal(text, PrometheusText.SixDigits(value));

    [Theory]
    [InlineData("/tensorflow/serving/request_count", ":tensorflow:serving:request_count")]
    [InlineData("/sealserve/model-versions", ":sealserve:model:versions")]
    [InlineData("9lives", "_9lives")]
    public void MetricName_FollowsTfServing(string descriptor, string name) => Assert.Equal(name, PrometheusText.MetricName(descriptor));

    private static PredictRequest Missing()
    {
        var request = GrpcRequests.HalfPlusTwo(1f);
        request.ModelSpec.Name = "missing";
        return request;
    }

    /// <summary>34 buckets (TF Serving's 33 bounds and +Inf), cumulative, ending at <paramref name="count"/>, then _sum and _count.</summary>
    private static void AssertHistogram(string[] lines, string name, string labels, long count)
    {
        var buckets = lines.Where(l => l.StartsWith($"{name}_bucket{{{labels},le=", StringComparison.Ordinal)).ToArray();
        var values = buckets.Select(l => long.Parse(l[(l.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture)).ToArray();

        Assert.Equal(34, buckets.Length);
        Assert.StartsWith($"{name}_bucket{{{labels},le=\"10\"}} ", buckets[0], StringComparison.Ordinal);
        Assert.StartsWith($"{name}_bucket{{{labels},le=\"32.4\"}} ", buckets[2], StringComparison.Ordinal);
        Assert.StartsWith($"{name}_bucket{{{labels},le=\"+Inf\"}} ", buckets[^1], StringComparison.Ordinal);
        Assert.Equal(values.Order(), values);
        Assert.Equal(count, values[^1]);
        Assert.Contains($"{name}_count{{{labels}}} {count}", lines);
        Assert.Contains(lines, l => l.StartsWith($"{name}_sum{{{labels}}} ", StringComparison.Ordinal));
    }
}
