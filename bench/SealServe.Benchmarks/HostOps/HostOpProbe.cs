using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Engine;
using SealServe.TensorFlow.Kernels.Parsing;

namespace SealServe.Benchmarks.HostOps;

/// <summary>
/// The measurement behind the host-op design (docs/host-ops.md): 100 tf.Examples of 10 float features parsed
/// (a) in a C# stage before an ONNX Runtime session, (b) by a C# custom op inside the session, against (c) the
/// same values fed to the session as tensors; and the cost of one extra stage boundary (a model split in two
/// sessions). Medians over alternating rounds, in µs per call. Run with <c>-- --host-ops</c>.
/// </summary>
public static class HostOpProbe
{
    private const int Examples = 100;
    private const int Features = 10;
    private const int Rounds = 31;
    private const int CallsPerRound = 200;

    public static void Run(TextWriter output)
    {
        var serialized = SerializedExamples();
        var parser = new ExampleParser(new ExampleParserConfig(
            [.. Enumerable.Range(0, Features).Select(i => new DenseFeature($"f{i}", DataType.Float, [1], Tensor.FromValues<float>(new TensorShape(0))))], [], []));
        var options = new EngineOptions { IntraOpThreads = 1, InterOpThreads = 0 };

        using var dense = OnnxServable.Create(DenseModel().ToByteArray(), options);
        using var customOptions = new SessionOptions { IntraOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
        OrtCustomOpPrototype.Register(customOptions, parser);
        using var custom = new InferenceSession(CustomOpModel().ToByteArray(), customOptions);
        using var whole = OnnxServable.Create(ArithmeticModel(["Mul", "Add"]).ToByteArray(), options);
        using var first = OnnxServable.Create(ArithmeticModel(["Mul"]).ToByteArray(), options);
        using var second = OnnxServable.Create(ArithmeticModel(["Add"]).ToByteArray(), options);

        var denseSignature = dense.Signatures[Signature.DefaultKey];
        var featureNames = Enumerable.Range(0, Features).Select(i => $"f{i}").ToArray();
        var featureValues = Enumerable.Range(0, Features).Select(f => Tensor.FromValues(new TensorShape(Examples, 1), [.. Enumerable.Range(0, Examples).Select(e => (float)(e + f))])).ToArray();
        var matrix = Tensor.FromValues(new TensorShape(Examples, Features), [.. Enumerable.Range(0, Examples * Features).Select(i => (float)i)]);
        var examplesTensor = Tensor.CreateStrings(new TensorShape(Examples), serialized);

        var scenarios = new (string Name, Action Call)[]
        {
            ("(c) 10 float tensors → session (the same values as predict)", () => Dispose(dense.RunAsync(denseSignature, featureNames, featureValues, ["y"], default).Result)),
            ("(a) C# ParseExample stage → session", () =>
            {
                var parsed = parser.Parse(examplesTensor, null);
                Dispose(dense.RunAsync(denseSignature, featureNames, parsed, ["y"], default).Result);
                Dispose(parsed);
            }),
            ("(b) custom op in the session (string tensor in)", () => RunCustom(custom, serialized)),
            ("    ParseExample alone (C#)", () => Dispose(parser.Parse(examplesTensor, null))),
            ("(d1) Mul+Add [100,10] in one session", () => Dispose(whole.RunAsync(whole.Signatures[Signature.DefaultKey], ["x"], [matrix], ["y"], default).Result)),
            ("(d2) Mul, then Add in a second session", () =>
            {
                var middle = first.RunAsync(first.Signatures[Signature.DefaultKey], ["x"], [matrix], ["y"], default).Result;
                Dispose(second.RunAsync(second.Signatures[Signature.DefaultKey], ["x"], middle, ["y"], default).Result);
                Dispose(middle);
            }),
        };

        CpuRounds.Run(output, $"{Examples} examples × {Features} float features", scenarios, Rounds, CallsPerRound);
    }

    private static void RunCustom(InferenceSession session, byte[][] serialized)
    {
        using var input = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [serialized.Length]);
        for (var i = 0; i < serialized.Length; i++)
        {
            input.StringTensorSetElementAt(serialized[i].AsSpan(), i);
        }

        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["serialized"], [input], ["y"]);
    }

    private static void Dispose(Tensor[] tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }

    private static byte[][] SerializedExamples() =>
    [
        .. Enumerable.Range(0, Examples).Select(e =>
        {
            var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
            for (var f = 0; f < Features; f++)
            {
                var feature = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList() };
                feature.FloatList.Value.Add(e + f);
                example.Features.Feature[$"f{f}"] = feature;
            }

            return example.ToByteArray();
        }),
    ];

    /// <summary>f0..f9 [N,1] → Concat → MatMul(10×1) → y.</summary>
    private static ModelProto DenseModel()
    {
        var graph = Head(Enumerable.Range(0, Features).Select(i => $"f{i}").ToArray());
        for (var i = 0; i < Features; i++)
        {
            graph.Input.Add(Value($"f{i}", TensorProto.Types.DataType.Float, -1, 1));
        }

        return Model(graph);
    }

    /// <summary>serialized [N] → ParseExample (custom op) → f0..f9 → Concat → MatMul → y.</summary>
    private static ModelProto CustomOpModel()
    {
        var names = Enumerable.Range(0, Features).Select(i => $"f{i}").ToArray();
        var graph = Head(names);
        graph.Input.Add(Value("serialized", TensorProto.Types.DataType.String, -1));
        var parse = new NodeProto { OpType = OrtCustomOpPrototype.OpName, Domain = OrtCustomOpPrototype.Domain, Name = "parse" };
        parse.Input.Add("serialized");
        parse.Output.AddRange(names);
        graph.Node.Insert(0, parse);
        var model = Model(graph);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = OrtCustomOpPrototype.Domain, Version = 1 });
        return model;
    }

    private static GraphProto Head(string[] features)
    {
        var graph = new GraphProto { Name = "probe" };
        var concat = new NodeProto { OpType = "Concat", Name = "concat" };
        concat.Input.AddRange(features);
        concat.Output.Add("all");
        concat.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = 1 });
        var weights = new TensorProto { Name = "w", DataType = (int)TensorProto.Types.DataType.Float };
        weights.Dims.AddRange([Features, 1]);
        weights.FloatData.AddRange(Enumerable.Repeat(0.5f, Features));
        var matmul = new NodeProto { OpType = "MatMul", Name = "matmul" };
        matmul.Input.AddRange(["all", "w"]);
        matmul.Output.Add("y");
        graph.Node.AddRange([concat, matmul]);
        graph.Initializer.Add(weights);
        graph.Output.Add(Value("y", TensorProto.Types.DataType.Float, -1, 1));
        return graph;
    }

    /// <summary>x [N,10] → each op with a scalar constant → y.</summary>
    private static ModelProto ArithmeticModel(string[] ops)
    {
        var graph = new GraphProto { Name = "arith" };
        graph.Input.Add(Value("x", TensorProto.Types.DataType.Float, -1, Features));
        var current = "x";
        for (var i = 0; i < ops.Length; i++)
        {
            var constant = new TensorProto { Name = $"c{i}", DataType = (int)TensorProto.Types.DataType.Float };
            constant.FloatData.Add(2f);
            graph.Initializer.Add(constant);
            var node = new NodeProto { OpType = ops[i], Name = $"n{i}" };
            var output = i == ops.Length - 1 ? "y" : $"v{i}";
            node.Input.AddRange([current, $"c{i}"]);
            node.Output.Add(output);
            graph.Node.Add(node);
            current = output;
        }

        graph.Output.Add(Value("y", TensorProto.Types.DataType.Float, -1, Features));
        return Model(graph);
    }

    private static ModelProto Model(GraphProto graph)
    {
        var model = new ModelProto { IrVersion = 8, Graph = graph };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = 18 });
        return model;
    }

    private static ValueInfoProto Value(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = new TensorShapeProto() };
        foreach (var dim in dims)
        {
            tensor.Shape.Dim.Add(dim >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = dim } : new TensorShapeProto.Types.Dimension { DimParam = "N" });
        }

        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
