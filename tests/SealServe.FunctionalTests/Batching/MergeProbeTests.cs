using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SealServe.Models.Batching;
using SealServe.Server.Monitoring;
using SealServe.TestKit;
using SealServe.Models.Config;

namespace SealServe.FunctionalTests.Batching;

/// <summary>The load-time merge probe in a running server: it logs and reports its decision, and the model serves.</summary>
public sealed class MergeProbeTests : IDisposable
{
    private readonly TempModelRepository repository = new();

    [Fact]
    public async Task Load_ModelGainingFromBatches_DecisionLoggedAndReportedAndRequestsMerge()
    {
        // An identity over [batch, 16] floats: a run's fixed cost dominates, so 8 rows per run gain many times over 1.
        repository.AddVersion("1", TestModels.FloatRows(16));
        var logs = new CapturedLogs();
        var counter = new BatchRunCounter();
        await using var server = await TestServer.StartAsync(
            [ModelConfig.Create("rows", repository.BasePath)],
            options => options.Monitoring = new MonitoringOptions { PrometheusEnabled = true },
            configureServices: services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                counter.Register(services);
            },
            configureModels: o => o.Batching = new BatchingOptions { MaxBatchSize = 8, BatchTimeoutMicros = 20_000, NumBatchThreads = 1 });

        var row = "[" + string.Join(", ", Enumerable.Range(0, 16).Select(i => $"{i}.5")) + "]";
        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async _ =>
        {
            using var response = await server.Http.PostAsync("/v1/models/rows:predict", new StringContent($"{{\"instances\": [{row}]}}", Encoding.UTF8, "application/json"));
            return (response.IsSuccessStatusCode, Body: await response.Content.ReadAsStringAsync());
        }));
        using var metrics = await server.Http.GetAsync("/monitoring/prometheus/metrics");
        var page = (await metrics.Content.ReadAsStringAsync()).Split('\n');

        Assert.All(answers, a => Assert.True(a.IsSuccessStatusCode && Compact(a.Body) == Compact($"{{\"predictions\": [{row}]}}"), a.Body));
        Assert.Contains(logs.Lines, l => l.StartsWith("Information: Batching probe for rows version 1 signature serving_default: batch 1: ", StringComparison.Ordinal)
            && l.EndsWith("; merges up to 8 rows (1: requests run alone)", StringComparison.Ordinal));
        Assert.Contains(":sealserve:batching:max_merge_rows{model_name=\"rows\",version=\"1\",signature=\"serving_default\"} 8", page);
        Assert.True(counter.MergedRuns > 0, "no batch merged two requests or more");
    }

    public void Dispose() => repository.Dispose();

    private static string Compact(string json) => string.Concat(json.Where(c => !char.IsWhiteSpace(c)));
}
