using System.Text.Json;
using Onnx;
using SealServe.TestKit;

namespace SealServe.Protos.Tests;

public sealed class OnnxSchemaTests
{
    [Theory]
    [InlineData("mlp_tabular")]
    [InlineData("squeezenet1_1")]
    [InlineData("mobilenet_v3_small")]
    public void Parse_TorchExportedModel_EveryFieldKnownAndIoNamesMatchMeta(string folder)
    {
        var modelPath = Corpus.Require($"onnx/{folder}/model.onnx");
        using var meta = JsonDocument.Parse(File.ReadAllBytes(Corpus.Require($"onnx/{folder}/meta.json")));

        var model = ExactParse.File(ModelProto.Parser, modelPath);

        ExactParse.AssertGoogleProtobufWritesSameBytes(model, File.ReadAllBytes(modelPath));
        Assert.True(model.HasIrVersion);
        Assert.Contains(model.OpsetImport, o => (!o.HasDomain || o.Domain.Length == 0) && o.Version == 17);
        Assert.Equal(Names(meta.RootElement.GetProperty("inputs")), model.Graph.Input.Select(i => i.Name));
        Assert.Equal(Names(meta.RootElement.GetProperty("outputs")), model.Graph.Output.Select(o => o.Name));
        Assert.NotEmpty(model.Graph.Node);
        Assert.NotEmpty(model.Graph.Initializer);
        var input = model.Graph.Input[0].Type;
        Assert.Equal(TypeProto.ValueOneofCase.TensorType, input.ValueCase);
        Assert.Equal((int)TensorProto.Types.DataType.Float, input.TensorType.ElemType);
        Assert.Equal(TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam, input.TensorType.Shape.Dim[0].ValueCase);
        Assert.Equal("batch", input.TensorType.Shape.Dim[0].DimParam);
    }

    [Theory]
    [InlineData("mlp_tabular")]
    [InlineData("squeezenet1_1")]
    [InlineData("mobilenet_v3_small")]
    public void Parse_TestDataTensors_EveryFieldKnownAndNamesMatchMeta(string folder)
    {
        var dir = Corpus.Require($"onnx/{folder}");
        using var meta = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "meta.json")));
        var inputNames = Names(meta.RootElement.GetProperty("inputs"));
        var outputNames = Names(meta.RootElement.GetProperty("outputs"));
        var sets = Directory.GetDirectories(dir, "test_data_set_*");
        Assert.NotEmpty(sets);

        foreach (var set in sets)
        {
            foreach (var (prefix, names) in new[] { ("input", inputNames), ("output", outputNames) })
            {
                for (var i = 0; i < names.Count; i++)
                {
                    var file = Path.Combine(set, $"{prefix}_{i}.pb");
                    var tensor = ExactParse.File(TensorProto.Parser, file);

                    Assert.Equal(names[i], tensor.Name);
                    Assert.NotEmpty(tensor.Dims);
                    var elements = tensor.Dims.Aggregate(1L, (a, d) => a * d);
                    var elementSize = (TensorProto.Types.DataType)tensor.DataType switch
                    {
                        TensorProto.Types.DataType.Float => 4,
                        TensorProto.Types.DataType.Int64 => 8,
                        var other => throw new InvalidOperationException($"{file}: unexpected data type {other}"),
                    };
                    Assert.Equal(elements * elementSize, tensor.RawData.Length);
                }
            }
        }
    }

    /// <summary>The other ONNX files in the corpus come from skl2onnx, ML.NET and the ONNX test suite.</summary>
    [Fact]
    public void Parse_AllOnnxFilesInCorpus_EveryFieldKnownAndBytesRoundTrip()
    {
        var root = Corpus.Require();
        var models = Directory.EnumerateFiles(root, "*.onnx", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var tensors = Directory.EnumerateFiles(root, "*.pb", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f))!.StartsWith("test_data_set_", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        foreach (var file in models)
        {
            Assert.NotNull(ExactParse.File(ModelProto.Parser, file).Graph);
        }

        foreach (var file in tensors)
        {
            ExactParse.File(TensorProto.Parser, file);
        }

        Assert.True(models.Count >= 10, $"only {models.Count} ONNX models found under {root}");
        Assert.NotEmpty(tensors);
    }

    private static List<string> Names(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToList();
}
