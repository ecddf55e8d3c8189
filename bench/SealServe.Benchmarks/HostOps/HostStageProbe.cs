using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;
using SealServe.TensorFlow.Kernels;
using SealServe.TensorFlow.Plan;
using SealServe.TensorFlow.SavedModel;
using SealServe.TensorFlow.Translation;
using SealServe.TestKit;

namespace SealServe.Benchmarks.HostOps;

/// <summary>
/// What the host stage costs in the corpus models that run host kernels: each model's plan, as the loader makes it, run
/// by the server's staged engine (<see cref="StagedServable"/>) with every kernel wrapped in a stopwatch. Per request:
/// the whole run, the time inside host kernels, and the rest (the ONNX stages of the same plan and the passing of values
/// between stages), with the kernel time split by op (all nodes of an op in one request). Models alternate request by request; medians over rounds, µs.
/// Run with <c>-- --host-stages</c>.
/// </summary>
public static class HostStageProbe
{
    private const int Rounds = 21;
    private const int RequestsPerRound = 100;

    public static void Run(TextWriter output)
    {
        Case[] cases =
        [
            new("tf/dotnet__machinelearning-testdata__model_string_test/1", Signature.DefaultKey, "A [1, 2] and B [3] strings (the hand-checked request)", StringTestInputs),
            new("tf/tensorflow__tfx__tft_tf2_transform/1", Signature.DefaultKey, "18 sparse features × 2 rows (the hand-checked request)", TftInputs),
            new("tf/tensorflow__tfx__estimator_taxi_serving/1646034756", "predict", "32 serialized tf.Examples (6 features each)", TaxiInputs),
        ];
        var runs = cases.Select(Open).ToArray();
        try
        {
            var whole = runs.Select(_ => new List<double>()).ToArray();
            var kernels = runs.Select(_ => new List<double>()).ToArray();
            var rest = runs.Select(_ => new List<double>()).ToArray();
            for (var round = 0; round <= Rounds; round++)
            {
                var samples = runs.Select(_ => (Whole: new List<double>(), Kernels: new List<double>())).ToArray();
                for (var request = 0; request < RequestsPerRound; request++)
                {
                    for (var i = 0; i < runs.Length; i++)
                    {
                        var (wholeUs, kernelUs) = runs[i].Request();
                        samples[i].Whole.Add(wholeUs);
                        samples[i].Kernels.Add(kernelUs);
                    }
                }

                // Round 0 warms up (JIT, ONNX Runtime's first runs) and is left out, per-op totals included.
                if (round == 0)
                {
                    Array.ForEach(runs, r => r.ResetOps());
                    continue;
                }

                for (var i = 0; i < runs.Length; i++)
                {
                    whole[i].Add(Medians.Of(samples[i].Whole));
                    kernels[i].Add(Medians.Of(samples[i].Kernels));
                    rest[i].Add(Medians.Of(samples[i].Whole.Zip(samples[i].Kernels, (w, k) => w - k)));
                }
            }

            output.WriteLine($"Host stage cost, µs per request: medians over {Rounds} rounds of the per-request medians of {RequestsPerRound} requests (models alternating).");
            output.WriteLine("| model | request | stages (ONNX + kernels) | whole request | in host kernels | ONNX stages and value passing | kernels / rest | kernel time by op: nodes, median µs per request |");
            output.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |");
            for (var i = 0; i < runs.Length; i++)
            {
                var (w, k, r) = (Medians.Of(whole[i]), Medians.Of(kernels[i]), Medians.Of(rest[i]));
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{cases[i].Name}` | {cases[i].Request} | {runs[i].Stages} | {w:0.0} | {k:0.0} | {r:0.0} | {k / r:0.00} | {runs[i].OpSummary()} |"));
            }
        }
        finally
        {
            Array.ForEach(runs, r => r.Dispose());
        }
    }

    private static ModelRun Open(Case model)
    {
        var folder = BenchmarkCorpus.Require(model.Model);
        using var bundle = SavedModelReader.Read(new DirectorySavedModelFiles(folder), SavedModelReader.DefaultTags, folder);
        var signature = bundle.Signatures[model.Signature];
        var group = SignatureGrouping.Group(bundle.MetaGraph).First(g => g.SignatureKeys.Contains(model.Signature));
        var outputs = signature.Outputs.Values.Select(o => o.Name).Distinct(StringComparer.Ordinal).ToArray();
        var plan = GraphTranslator.Plan(new TranslationRequest(bundle.MetaGraph.GraphDef, group.Inputs, outputs, bundle.Variables, model.Name, bundle.Tables));
        var timers = new Dictionary<string, TimedKernel>(StringComparer.Ordinal);
        var timed = plan with
        {
            Stages = [.. plan.Stages.Select(stage => stage is KernelStage kernel ? kernel with { Kernel = Timer(kernel) } : stage)],
        };
        // One intra-op thread, as in HostOpProbe: on a shared 2-core machine a second spinning thread makes ONNX Runtime's
        // time mostly waiting for a core, which would flatter the kernels' share.
        var servable = StagedServable.Create(timed, new EngineOptions { IntraOpThreads = 1 }, CpuExecutionProvider.Instance, new Dictionary<string, Signature> { [model.Signature] = signature });
        var (names, values) = model.Inputs(signature);
        var stages = $"{plan.Stages.Count(s => s is OnnxStage)} + {plan.Stages.Count(s => s is KernelStage)}";
        return new ModelRun(servable, signature, names, values, outputs, [.. timers.Values], stages);

        IHostKernel Timer(KernelStage stage)
        {
            if (!timers.TryGetValue(stage.Op, out var timer))
            {
                timers[stage.Op] = timer = new TimedKernel(stage.Op);
            }

            timer.Nodes++;
            return new TimedKernel.Binding(timer, stage.Kernel);
        }
    }

    private static (string[] Names, Tensor[] Values) StringTestInputs(Signature signature) => Named(signature, new Dictionary<string, Tensor>
    {
        ["A"] = Strings([1, 2], "This is fine.", "That's ok."),
        ["B"] = Strings([3], "Thank/you/very/much!.", "I/am/grateful/to/you.", "So/nice/of/you."),
    });

    /// <summary>The hand-checked request of <c>HandCheckedModelTests</c>: each feature as COO-sparse (indices, values, dense shape) with two rows.</summary>
    private static (string[] Names, Tensor[] Values) TftInputs(Signature signature)
    {
        var features = TaxiTripFeatures.TwoTrips;
        var inputs = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            static string Alias(int k) => k == 0 ? "inputs" : $"inputs_{k}";
            inputs[Alias(3 * i)] = Tensor.FromValues<long>(new TensorShape(2, 2), 0, 0, 1, 0);
            var values = features[i].Values;
            inputs[Alias((3 * i) + 1)] = signature.Inputs[Alias((3 * i) + 1)].DataType switch
            {
                DataType.String => Strings([2], [.. values.Cast<string>()]),
                DataType.Int64 => Tensor.FromValues(new TensorShape(2), [.. values.Select(Convert.ToInt64)]),
                DataType.Float => Tensor.FromValues(new TensorShape(2), [.. values.Select(Convert.ToSingle)]),
                var other => throw new InvalidOperationException($"feature {features[i].Name}: {other}"),
            };
            inputs[Alias((3 * i) + 2)] = Tensor.FromValues<long>(new TensorShape(2), 2, 1);
        }

        return Named(signature, inputs);
    }

    private static (string[] Names, Tensor[] Values) TaxiInputs(Signature signature)
    {
        string[] companies = ["Flash Cab", "Taxi Affiliation Services", "Nope Co", "Dispatch Taxi Affiliation"];
        string[] payments = ["Cash", "Credit Card", "No Charge"];
        var examples = Enumerable.Range(0, 32).Select(i =>
        {
            var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
            example.Features.Feature["company"] = Bytes(companies[i % companies.Length]);
            example.Features.Feature["payment_type"] = Bytes(payments[i % payments.Length]);
            example.Features.Feature["fare"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 5.5f + i } } };
            example.Features.Feature["trip_miles"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { 0.5f * i } } };
            example.Features.Feature["trip_seconds"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { 300 + (20 * i) } } };
            example.Features.Feature["trip_start_hour"] = new Tensorflow.Feature { Int64List = new Tensorflow.Int64List { Value = { i % 24 } } };
            return example.ToByteArray();
        }).ToArray();
        return Named(signature, new Dictionary<string, Tensor> { ["examples"] = Tensor.CreateStrings(new TensorShape(examples.Length), examples) });

        static Tensorflow.Feature Bytes(string value) => new() { BytesList = new Tensorflow.BytesList { Value = { ByteString.CopyFromUtf8(value) } } };
    }

    private static Tensor Strings(long[] shape, params string[] values) => Tensor.CreateStrings(new TensorShape(shape), [.. values.Select(Encoding.UTF8.GetBytes)]);

    private static (string[] Names, Tensor[] Values) Named(Signature signature, Dictionary<string, Tensor> byAlias) =>
        ([.. byAlias.Keys.Select(alias => signature.Inputs[alias].Name)], [.. byAlias.Values]);

    /// <param name="Model">The version folder in the corpus.</param>
    private sealed record Case(string Model, string Signature, string Request, Func<Signature, (string[] Names, Tensor[] Values)> Inputs)
    {
        public string Name => Path.GetFileName(Path.GetDirectoryName(Model))!;
    }

    /// <summary>Wall time spent in one op's kernels: in the current request, and per request since the last reset (µs).</summary>
    private sealed class TimedKernel(string op)
    {
        public string Op { get; } = op;

        public int Nodes { get; set; }

        public long RequestTicks { get; set; }

        public List<double> PerRequest { get; } = [];

        /// <summary>One node's kernel, timed into its op's <see cref="TimedKernel"/>.</summary>
        public sealed class Binding(TimedKernel timer, IHostKernel kernel) : IHostKernel
        {
            public Tensor[] Compute(ReadOnlySpan<Tensor> inputs)
            {
                var start = Stopwatch.GetTimestamp();
                try
                {
                    return kernel.Compute(inputs);
                }
                finally
                {
                    var elapsed = Stopwatch.GetTimestamp() - start;
                    timer.RequestTicks += elapsed;
                }
            }
        }
    }

    private sealed class ModelRun(StagedServable servable, Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, TimedKernel[] timers, string stages) : IDisposable
    {
        public string Stages { get; } = stages;

        /// <summary>One request: its wall time and the part spent in host kernels, µs.</summary>
        public (double Whole, double Kernels) Request()
        {
            Array.ForEach(timers, t => t.RequestTicks = 0);
            var start = Stopwatch.GetTimestamp();
            var results = servable.RunAsync(signature, inputNames, inputs, outputNames, CancellationToken.None).AsTask().GetAwaiter().GetResult();
            var whole = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            foreach (var result in results)
            {
                result.Dispose();
            }

            Array.ForEach(timers, t => t.PerRequest.Add(t.RequestTicks * 1e6 / Stopwatch.Frequency));
            return (whole, timers.Sum(t => t.RequestTicks) * 1e6 / Stopwatch.Frequency);
        }

        public void ResetOps() => Array.ForEach(timers, t => t.PerRequest.Clear());

        public string OpSummary() => string.Join(", ", timers.Select(t => (t.Op, t.Nodes, Median: Medians.Of(t.PerRequest))).OrderByDescending(t => t.Median).Select(t =>
            string.Create(CultureInfo.InvariantCulture, $"{t.Op} ×{t.Nodes} {t.Median:0.0}")));

        public void Dispose()
        {
            servable.Dispose();
            Array.ForEach(inputs, i => i.Dispose());
        }
    }
}
