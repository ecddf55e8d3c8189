using Google.Protobuf;
using Onnx;

namespace SealServe.LoadTest.Models;

/// <summary>
/// A 3-layer MLP of 1024×1024 dense layers (Gemm, Relu between), built here so the suite has a model whose
/// per-item cost falls with the batch size: one row streams 12 MiB of weights (a GEMV), eight rows reuse them (a GEMM).
/// </summary>
internal static class WideMlp
{
    public const string Name = "wide_mlp";
    public const int Width = 1024;
    private const int Layers = 3;

    /// <summary>Writes the model under <paramref name="folder"/> once (deterministic weights) and returns its path.</summary>
    public static string Write(string folder)
    {
        var path = Path.Combine(folder, Name + ".onnx");
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(folder);
            var temporary = path + ".tmp";
            File.WriteAllBytes(temporary, Build().ToByteArray());
            File.Move(temporary, path, overwrite: true);
        }

        return path;
    }

    /// <summary>One input row: values in [-1, 1).</summary>
    public static float[] Input() => Uniform(new Random(7), Width, 1f);

    private static ModelProto Build()
    {
        var random = new Random(42);
        var scale = 1f / MathF.Sqrt(Width);
        var graph = new GraphProto { Name = Name, Input = { Rows("x") }, Output = { Rows("y") } };
        var input = "x";
        for (var layer = 0; layer < Layers; layer++)
        {
            var (weights, bias, dense) = ($"w{layer}", $"b{layer}", $"dense{layer}");
            graph.Initializer.Add(FloatTensor(weights, [Width, Width], Uniform(random, Width * Width, scale)));
            graph.Initializer.Add(FloatTensor(bias, [Width], Uniform(random, Width, scale)));
            var last = layer == Layers - 1;
            graph.Node.Add(new NodeProto { OpType = "Gemm", Input = { input, weights, bias }, Output = { last ? "y" : dense }, Name = dense });
            if (!last)
            {
                graph.Node.Add(new NodeProto { OpType = "Relu", Input = { dense }, Output = { $"relu{layer}" }, Name = $"relu{layer}" });
                input = $"relu{layer}";
            }
        }

        return new ModelProto
        {
            IrVersion = 8,
            ProducerName = "sealserve-loadtest",
            Graph = graph,
            OpsetImport = { new OperatorSetIdProto { Domain = string.Empty, Version = 17 } },
        };
    }

    private static ValueInfoProto Rows(string name) => new()
    {
        Name = name,
        Type = new TypeProto
        {
            TensorType = new TypeProto.Types.Tensor
            {
                ElemType = (int)TensorProto.Types.DataType.Float,
                Shape = new TensorShapeProto
                {
                    Dim =
                    {
                        new TensorShapeProto.Types.Dimension { DimParam = "batch" },
                        new TensorShapeProto.Types.Dimension { DimValue = Width },
                    },
                },
            },
        },
    };

    private static TensorProto FloatTensor(string name, long[] dims, float[] values)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static float[] Uniform(Random random, int count, float scale)
    {
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ((random.NextSingle() * 2) - 1) * scale;
        }

        return values;
    }
}
