using System.Diagnostics;
using Microsoft.Extensions.Options;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Engine;
using SealServe.Models.Loading;
using SealServe.Models.Sources;
using SealServe.Sealing;
using SealServe.Sealing.Storage;

namespace SealServe.Benchmarks.TensorFlow;

/// <summary>
/// Import time and first-request latency of the largest corpus SavedModel that loads (mnist_conv_model), through the
/// loader the server uses: read and translate in memory, create the ONNX Runtime session, then one request of batch 1
/// (the first, which pays ONNX Runtime's lazy initialisation) and steady-state requests. Run with <c>-- --tf-import</c>.
/// </summary>
public static class TfImportProbe
{
    private const string Model = "tf/dotnet__machinelearning-testdata__mnist_conv_model";
    private const int Rounds = 10;
    private const int SteadyRequests = 200;

    public static void Run(TextWriter output)
    {
        var version = new VersionDirectory(1, new FolderVersion(BenchmarkCorpus.Require(Path.Combine(Model, "1"))));
        var loader = new SavedModelLoader(new EngineOptions(), ExecutionProviders.CpuOnly, Options.Create(new ModelServingOptions()));
        var (load, loadCpu, first, steady) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
        var (coldLoad, coldFirst) = (0.0, 0.0);
        for (var round = 0; round <= Rounds; round++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            using var servable = loader.Load(version, new PlainVersionFiles(version.Files), CancellationToken.None);
            var (loadMs, cpuMs) = (clock.Elapsed.TotalMilliseconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds);
            var firstMs = Request(servable);
            var steadyMs = Medians.Of(Enumerable.Range(0, SteadyRequests).Select(_ => Request(servable)));

            // Round 0 is what a server pays at start-up (our importer's code is JIT-compiled then); the medians leave it out.
            if (round == 0)
            {
                (coldLoad, coldFirst) = (loadMs, firstMs);
            }
            else
            {
                load.Add(loadMs);
                loadCpu.Add(cpuMs);
                first.Add(firstMs);
                steady.Add(steadyMs);
            }
        }

        var size = Directory.EnumerateFiles(version.Path, "*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
        output.WriteLine($"{Model} ({size / 1024.0 / 1024.0:0.0} MiB), medians of {Rounds} rounds:");
        output.WriteLine($"  first import in this process (JIT included): {coldLoad:0.0} ms, then its first request {coldFirst:0.00} ms");
        output.WriteLine($"  import (read + translate + session): {Medians.Of(load):0.0} ms wall, {Medians.Of(loadCpu):0.0} ms CPU");
        output.WriteLine($"  first request (batch 1): {Medians.Of(first):0.00} ms; later requests: {Medians.Of(steady):0.000} ms (median of {SteadyRequests})");
    }

    private static double Request(IServable servable)
    {
        var signature = servable.Signatures[Core.Signatures.Signature.DefaultKey];
        var input = signature.Inputs.Values.Single();
        var output = signature.Outputs.Values.Single();
        using var features = Tensor.Allocate(DataType.Float, new TensorShape([1, 28, 28, 1]));
        var clock = Stopwatch.StartNew();
        var results = servable.RunAsync(signature, [input.Name], [features], [output.Name], CancellationToken.None).AsTask().GetAwaiter().GetResult();
        var elapsed = clock.Elapsed.TotalMilliseconds;
        foreach (var result in results)
        {
            result.Dispose();
        }

        return elapsed;
    }
}
