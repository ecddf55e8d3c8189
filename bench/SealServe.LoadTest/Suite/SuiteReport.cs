using System.Globalization;
using System.Text;
using SealServe.LoadTest.Models;

namespace SealServe.LoadTest.Suite;

/// <summary>
/// Aggregates a suite's runs into medians (per-run ratios first, then their median, so each ratio
/// compares figures from the same minutes) and writes them as Markdown tables with the targets of issues 6 and 17.
/// </summary>
internal sealed class SuiteReport(SuiteSettings settings, IReadOnlyList<Measurement> measurements, IReadOnlyList<MemoryReading> memory, IReadOnlyList<string> notes)
{
    public const double MemoryTargetMiB = 150;

    public IReadOnlyList<Measurement> Measurements => measurements;

    /// <summary>Median over runs of a figure of one cell, or NaN when the cell was not measured.</summary>
    public double Median(string model, string scenario, int concurrency, Func<Measurement, double> figure) =>
        Stats.Median(Cell(model, scenario, concurrency).Select(figure));

    /// <summary>Per-run ratios of <paramref name="scenario"/>'s figure to <paramref name="baseline"/>'s at the same concurrency.</summary>
    public double[] Ratios(string model, string scenario, string baseline, int concurrency, Func<Measurement, double> figure)
    {
        var ratios = new List<double>();
        foreach (var m in Cell(model, scenario, concurrency))
        {
            var b = measurements.FirstOrDefault(x => x.Run == m.Run && x.Model == model && x.Scenario == baseline && x.Concurrency == concurrency);
            if (b is not null)
            {
                ratios.Add(figure(m) / figure(b));
            }
        }

        return [.. ratios];
    }

    public string ToMarkdown(DateTimeOffset date, string repoRoot)
    {
        var md = MachineInfo.StartReport(string.Create(CultureInfo.InvariantCulture, $"### Load run of {date:yyyy-MM-dd HH:mm} UTC"), repoRoot);

        md.AppendLine(CultureInfo.InvariantCulture, $"| Command | `{settings.CommandLine}` |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| Server | `sealserve serve` with TF Serving's defaults{(settings.ServerFlags.Count > 0 ? " plus `" + string.Join(' ', settings.ServerFlags) + "`" : string.Empty)} |");
        if (settings.Batching && measurements.Any(m => m.Scenario == Scenarios.SealServeGrpcBatching))
        {
            var parameters = File.ReadAllLines(settings.BatchingParametersFile).Where(l => !l.TrimStart().StartsWith('#') && l.Trim().Length > 0);
            md.AppendLine(CultureInfo.InvariantCulture, $"| Batching parameters | `{string.Join(' ', parameters)}` |");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| Runs | {settings.Runs} × (warm-up {settings.Warmup.TotalSeconds:0.#} s + {settings.Duration.TotalSeconds:0.#} s measured per cell, in {settings.Slice.TotalSeconds:0.#} s slices interleaved with the other scenarios at the same concurrency); figures are medians over runs |");
        md.AppendLine();
        AppendTargets(md);
        AppendCells(md);
        AppendSweep(md);
        AppendMemory(md);
        foreach (var note in notes)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"> {note}");
            md.AppendLine();
        }

        return md.ToString();
    }

    private IEnumerable<Measurement> Cell(string model, string scenario, int concurrency) =>
        measurements.Where(m => m.Model == model && m.Scenario == scenario && m.Concurrency == concurrency);

    private ModelKind KindOf(string model) => settings.Models.First(m => m.Name == model).Kind;

    private void AppendCells(StringBuilder md)
    {
        md.AppendLine("#### All cells (medians)");
        md.AppendLine();
        md.AppendLine("| Model | Scenario | Concurrency | req/s | p50 µs | p90 µs | p99 µs | Server CPU µs/req | Throughput ratio (median; per run) | Baseline |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---|---|");
        var cells = measurements.Select(m => (m.Model, m.Scenario, m.Concurrency)).Distinct();
        foreach (var (model, scenario, concurrency) in cells)
        {
            if (scenario.StartsWith("engine-batch-", StringComparison.Ordinal))
            {
                continue;
            }

            var baseline = Scenarios.BaselineOf(scenario, KindOf(model));
            var ratio = baseline is null ? string.Empty : RatioText(Ratios(model, scenario, baseline, concurrency, m => m.Result.Throughput));
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {model} | {scenario} | {concurrency} | {F(Median(model, scenario, concurrency, m => m.Result.Throughput), "0.0")} | {F(Median(model, scenario, concurrency, m => m.Result.P50Micros), "0")} | {F(Median(model, scenario, concurrency, m => m.Result.P90Micros), "0")} | {F(Median(model, scenario, concurrency, m => m.Result.P99Micros), "0")} | {F(Median(model, scenario, concurrency, m => m.Result.ServerCpuMicrosPerRequest), "0.0")} | {ratio} | {baseline} |");
        }

        var errors = measurements.Sum(m => m.Result.Errors);
        md.AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Failed requests over all cells: {errors}.");
        md.AppendLine();
    }

    private void AppendTargets(StringBuilder md)
    {
        md.AppendLine("#### Targets");
        md.AppendLine();
        md.AppendLine("| Target | Model | Concurrency | Measured (median; per run) | Met |");
        md.AppendLine("|---|---|---:|---|---|");
        foreach (var model in settings.Models)
        {
            if (model.Kind == ModelKind.Tiny)
            {
                foreach (var c in settings.Concurrency)
                {
                    RatioTarget(md, "gRPC ≥ 0.75 × bare gRPC", model.Name, Scenarios.SealServeGrpc, Scenarios.BareGrpc, c, 0.75);
                    RatioTarget(md, "REST ≥ 0.7 × bare JSON", model.Name, Scenarios.SealServeRest, Scenarios.BareJson, c, 0.7);
                    RatioTarget(md, c == 8 ? "gRPC ≥ 0.82 × bare gRPC (h2load)" : "(gRPC / bare gRPC, h2load)", model.Name, Scenarios.SealServeGrpcH2load, Scenarios.BareGrpcH2load, c, c == 8 ? 0.82 : double.NaN);
                    RatioTarget(md, c == 8 ? "REST ≥ 0.78 × bare JSON (wrk)" : "(REST / bare JSON, wrk)", model.Name, Scenarios.SealServeRestWrk, Scenarios.BareJsonWrk, c, c == 8 ? 0.78 : double.NaN);
                }

                OverheadTarget(md, model.Name);
            }
            else
            {
                foreach (var c in settings.Concurrency)
                {
                    RatioTarget(md, c == 8 ? "server ≥ 0.9 × in-process ORT" : "(server / in-process ORT, informative)", model.Name, Scenarios.SealServeGrpc, Scenarios.Engine, c, c == 8 ? 0.9 : double.NaN);
                    RatioTarget(md, c == 8 ? "server ≥ 0.9 × in-process ORT (h2load)" : "(server / in-process ORT, h2load)", model.Name, Scenarios.SealServeGrpcH2load, Scenarios.Engine, c, c == 8 ? 0.9 : double.NaN);
                }

                // Issue 17: batching must pay where the engine's per-item cost falls with the batch (the wide MLP)
                // and cost at most 5 % where it does not (the convolutional models on this CPU).
                var (goal, text) = model.Name == WideMlp.Name ? (2.0, "batching ≥ 2 × no batching") : (0.95, "batching ≥ 0.95 × no batching");
                foreach (var c in settings.Concurrency.Where(c => c >= 8))
                {
                    foreach (var (batching, plain, client) in new[] { (Scenarios.SealServeGrpcBatching, Scenarios.SealServeGrpc, ".NET"), (Scenarios.SealServeGrpcBatchingH2load, Scenarios.SealServeGrpcH2load, "h2load") })
                    {
                        RatioTarget(md, c == 32 ? $"{text} ({client})" : $"(batching / no batching, {client})", model.Name, batching, plain, c, c == 32 ? goal : double.NaN);
                        var p99 = Ratios(model.Name, batching, plain, c, m => m.Result.P99Micros);
                        if (c == 32 && p99.Length > 0)
                        {
                            md.AppendLine(CultureInfo.InvariantCulture, $"| (batching p99 / no batching p99, {client}) | {model.Name} | {c} | {RatioText(p99)} | – |");
                        }
                    }
                }
            }
        }

        foreach (var model in memory.Select(m => m.Model).Distinct().Where(m => m == "half_plus_two"))
        {
            var loaded = Stats.Median(memory.Where(m => m.Model == model).Select(m => m.LoadedMiB));
            var after = Stats.Median(memory.Where(m => m.Model == model).Select(m => m.AfterLoadMiB));
            md.AppendLine(CultureInfo.InvariantCulture, $"| RSS with the demo model ≤ {MemoryTargetMiB:0} MB | {model} | – | {F(loaded, "0.0")} MiB loaded, {F(after, "0.0")} MiB after load | {(Math.Max(loaded, after) <= MemoryTargetMiB ? "yes" : "**no**")} |");
        }

        md.AppendLine();
    }

    private void RatioTarget(StringBuilder md, string target, string model, string scenario, string baseline, int concurrency, double threshold)
    {
        var ratios = Ratios(model, scenario, baseline, concurrency, m => m.Result.Throughput);
        if (ratios.Length == 0)
        {
            return;
        }

        var met = double.IsNaN(threshold) ? "–" : Stats.Median(ratios) >= threshold ? "yes" : "**no**";
        md.AppendLine(CultureInfo.InvariantCulture, $"| {target} | {model} | {concurrency} | {RatioText(ratios)} | {met} |");
    }

    /// <summary>
    /// p50 at concurrency 1 of SealServe gRPC minus the bare gRPC call (same messages, same stack) minus the engine run:
    /// what SealServe itself adds per request. The total non-engine time (transport included) is shown beside it.
    /// </summary>
    private void OverheadTarget(StringBuilder md, string model)
    {
        var own = new List<double>();
        var total = new List<double>();
        var cpu = new List<double>();
        foreach (var run in measurements.Where(m => m.Model == model && m.Scenario == Scenarios.SealServeGrpc && m.Concurrency == 1))
        {
            var bare = measurements.FirstOrDefault(m => m.Run == run.Run && m.Model == model && m.Scenario == Scenarios.BareGrpc && m.Concurrency == 1);
            var engine = measurements.FirstOrDefault(m => m.Run == run.Run && m.Model == model && m.Scenario == Scenarios.Engine && m.Concurrency == 1);
            if (bare is null || engine is null)
            {
                continue;
            }

            own.Add(run.Result.P50Micros - bare.Result.P50Micros - engine.Result.P50Micros);
            total.Add(run.Result.P50Micros - engine.Result.P50Micros);
            cpu.Add(run.Result.ServerCpuMicrosPerRequest - bare.Result.ServerCpuMicrosPerRequest);
        }

        if (own.Count == 0)
        {
            return;
        }

        var median = Stats.Median(own);
        md.AppendLine(CultureInfo.InvariantCulture,
            $"| p50 non-engine overhead ≤ 100 µs (SealServe − bare gRPC − engine) | {model} | 1 | {F(median, "0")} µs ({string.Join(", ", own.Select(v => F(v, "0")))}); with transport: {F(Stats.Median(total), "0")} µs; server CPU over bare gRPC: {F(Stats.Median(cpu), "0.0")} µs/req | {(median <= 100 ? "yes" : "**no**")} |");
    }

    private void AppendSweep(StringBuilder md)
    {
        var sweep = measurements.Where(m => m.Scenario.StartsWith("engine-batch-", StringComparison.Ordinal)).ToArray();
        if (sweep.Length == 0)
        {
            return;
        }

        md.AppendLine("#### Engine alone: batch-size sweep (concurrency 1)");
        md.AppendLine();
        md.AppendLine("| Model | Batch | runs/s | items/s | × batch 1 | p50 µs per run |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var model in sweep.Select(m => m.Model).Distinct())
        {
            var one = Stats.Median(sweep.Where(m => m.Model == model && m.BatchSize == 1).Select(m => m.ItemsPerSecond));
            foreach (var batch in sweep.Where(m => m.Model == model).Select(m => m.BatchSize).Distinct())
            {
                var cell = sweep.Where(m => m.Model == model && m.BatchSize == batch).ToArray();
                var items = Stats.Median(cell.Select(m => m.ItemsPerSecond));
                md.AppendLine(CultureInfo.InvariantCulture,
                    $"| {model} | {batch} | {F(Stats.Median(cell.Select(m => m.Result.Throughput)), "0.0")} | {F(items, "0.0")} | {F(items / one, "0.00")} | {F(Stats.Median(cell.Select(m => m.Result.P50Micros)), "0")} |");
            }
        }

        md.AppendLine();
    }

    private void AppendMemory(StringBuilder md)
    {
        if (memory.Count == 0)
        {
            return;
        }

        md.AppendLine("#### Resident set of the `sealserve` process (medians)");
        md.AppendLine();
        md.AppendLine("| Model | Loaded, idle MiB | After the load MiB | Peak (VmHWM) MiB |");
        md.AppendLine("|---|---:|---:|---:|");
        foreach (var model in memory.Select(m => m.Model).Distinct())
        {
            var rows = memory.Where(m => m.Model == model).ToArray();
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {model} | {F(Stats.Median(rows.Select(r => r.LoadedMiB)), "0.0")} | {F(Stats.Median(rows.Select(r => r.AfterLoadMiB)), "0.0")} | {F(Stats.Median(rows.Select(r => r.PeakMiB)), "0.0")} |");
        }

        md.AppendLine();
    }

    private static string RatioText(double[] ratios) =>
        ratios.Length == 0 ? string.Empty : $"{F(Stats.Median(ratios), "0.00")} ({string.Join(", ", ratios.Select(r => F(r, "0.00")))})";

    private static string F(double value, string format) => Stats.Format(value, format);
}
