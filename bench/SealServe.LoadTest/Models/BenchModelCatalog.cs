using System.Runtime.InteropServices;
using Onnx;

namespace SealServe.LoadTest.Models;

/// <summary>
/// The models issue 6 names (the demo <c>half_plus_two</c> and three corpus exports, inputs from their
/// <c>test_data_set_0</c>) and issue 17's <see cref="WideMlp"/>, built in code.
/// </summary>
internal static class BenchModelCatalog
{
    public static readonly string[] AllNames = ["half_plus_two", "mlp_tabular", "squeezenet1_1", "mobilenet_v3_small", WideMlp.Name];

    /// <summary>Resolves <c>all</c> or a comma-separated list of names.</summary>
    public static IReadOnlyList<BenchModel> Resolve(string names, string repoRoot, string corpusRoot)
    {
        var selected = names == "all" ? AllNames : names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return selected.Select(name => Load(name, repoRoot, corpusRoot)).ToArray();
    }

    private static BenchModel Load(string name, string repoRoot, string corpusRoot)
    {
        if (name == "half_plus_two")
        {
            // TF Serving's canonical request, batch 1: {"instances": [1.0]}.
            return new BenchModel(name, Path.Combine(repoRoot, "examples", "half_plus_two", "1", "model.onnx"), ModelKind.Tiny, "x", [1], [1.0f]);
        }

        if (name == WideMlp.Name)
        {
            var path = WideMlp.Write(Path.Combine(repoRoot, "artifacts", "loadtest", "models"));
            return new BenchModel(name, path, ModelKind.ComputeBound, "x", [1, WideMlp.Width], WideMlp.Input());
        }

        var folder = Path.Combine(corpusRoot, "onnx", name);
        var inputFile = Path.Combine(folder, "test_data_set_0", "input_0.pb");
        if (!File.Exists(inputFile))
        {
            throw new FileNotFoundException($"Corpus model '{name}' not found at {folder} (set SEALSERVE_CORPUS to the shared corpus folder).", inputFile);
        }

        var proto = TensorProto.Parser.ParseFrom(File.ReadAllBytes(inputFile));
        if (proto.DataType != (int)TensorProto.Types.DataType.Float)
        {
            throw new NotSupportedException($"{inputFile}: only float inputs are driven by the load test.");
        }

        var values = proto.RawData.IsEmpty ? proto.FloatData.ToArray() : MemoryMarshal.Cast<byte, float>(proto.RawData.Span).ToArray();
        var kind = name == "mlp_tabular" ? ModelKind.Tiny : ModelKind.ComputeBound;
        return new BenchModel(name, Path.Combine(folder, "model.onnx"), kind, proto.Name, proto.Dims.ToArray(), values);
    }
}
