using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Google.Protobuf;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Server.Codecs.Json;
using SealServe.Server.Codecs.Proto;
using SealServe.Serving;
using SealServe.TensorFlow.Kernels.Parsing;
using Tensorflow.Serving;

namespace SealServe.Benchmarks.Codecs;

/// <summary>
/// The server's side of a classify request against predict on the same values (100 examples × 10 float features),
/// in process: decoding the REST JSON or the gRPC message into what the engine is fed (for classify also the
/// ParseExample kernel, which turns the examples into those same floats), and writing the JSON answers.
/// Run with <c>-- --examples-codec</c>; the end-to-end ratio is the load test's <c>examples</c> command.
/// </summary>
public static class ExamplesCodecProbe
{
    private const int Examples = 100;
    private const int Features = 10;

    public static void Run(TextWriter output)
    {
        var values = Enumerable.Range(0, Examples * Features).Select(i => ((i * 7919 % 2001) - 1000) / 250f).ToArray();
        var classifyJson = Encoding.UTF8.GetBytes("{\"examples\": [" + string.Join(", ", Enumerable.Range(0, Examples).Select(e =>
            "{" + string.Join(", ", Enumerable.Range(0, Features).Select(f => $"\"f{f}\": {Number(values[(e * Features) + f])}")) + "}")) + "]}");
        var predictJson = Encoding.UTF8.GetBytes("{\"instances\": [" + string.Join(", ", Enumerable.Range(0, Examples).Select(e =>
            "[" + string.Join(", ", Enumerable.Range(0, Features).Select(f => Number(values[(e * Features) + f]))) + "]")) + "]}");
        var classifyMessage = ClassifyRequest(values).ToByteArray();
        var predictMessage = PredictRequest(values).ToByteArray();
        var predictSignature = new Signature("predict", Signature.PredictMethod, new Dictionary<string, TensorSpec> { ["x"] = new("x:0", DataType.Float, ShapeSpec.Of(-1, Features)) }, new Dictionary<string, TensorSpec>());
        var parser = new ExampleParser(new ExampleParserConfig(
            [.. Enumerable.Range(0, Features).Select(i => new DenseFeature($"f{i}", DataType.Float, [1], Tensor.FromValues<float>(new TensorShape(0))))], [], []));
        var front = ExampleParseFront.ForDense(parser.Config.Dense.Select(f => (f.Key, f.DataType, f.Shape, f.Default)));
        var scores = Tensor.FromValues(new TensorShape(Examples, 2), [.. Enumerable.Range(0, Examples * 2).Select(i => 1f / (i + 3))]);
        using var classification = SealServe.Models.Serving.ClassificationResult.FromOutputs("classify", null, scores, Examples, ownsOutputs: false);
        var outputs = new[] { KeyValuePair.Create("scores", scores) };
        var answer = new ArrayBufferWriter<byte>(1 << 16);

        var scenarios = new (string Name, Action Call)[]
        {
            ("REST predict: JSON instances → float tensor", () =>
            {
                using var request = PredictJsonRequest.Parse(predictJson);
                Dispose(request.ReadInputs(predictSignature).Values);
            }),
            ("REST classify: JSON examples → parse-stage outputs (fused, what the server feeds)", () =>
            {
                Assert(ExamplesJsonFastPath.TryRead(classifyJson, out _, out var read));
                Dispose(read!.TryParse(front)!);
            }),
            ("REST classify: JSON examples → typed values (the fused path's read alone)", () =>
            {
                Assert(ExamplesJsonFastPath.TryRead(classifyJson, out _, out _));
            }),
            ("REST classify: JSON examples → serialized tf.Examples", () =>
            {
                using var request = ExamplesJsonRequest.Parse(classifyJson);
                _ = request.Examples;
            }),
            ("REST classify: the same through the JSON document (no fast path)", () =>
            {
                using var request = ExamplesJsonRequest.ParseDocument(classifyJson);
            }),
            ("REST classify: JSON → serialized tf.Examples → ParseExample → float tensors (before)", () =>
            {
                using var request = ExamplesJsonRequest.Parse(classifyJson);
                Dispose(parser.Parse(request.Examples, null));
            }),
            ("gRPC predict: message → float tensor", () =>
            {
                var request = Tensorflow.Serving.PredictRequest.Parser.ParseFrom(predictMessage);
                Dispose(PredictRequestDecoder.Decode(request.Inputs, predictSignature, predictMessage.Length, 64L << 20).Values);
            }),
            ("gRPC classify: message view → serialized tf.Examples (as sent)", () =>
            {
                var request = ClassificationRequestView.Parser.ParseFrom(classifyMessage);
                using var examples = InputCodec.ToExamples(request.Input);
            }),
            ("gRPC classify: … and ParseExample → float tensors", () =>
            {
                var request = ClassificationRequestView.Parser.ParseFrom(classifyMessage);
                using var examples = InputCodec.ToExamples(request.Input);
                Dispose(parser.Parse(examples, null));
            }),
            ("gRPC classify: built Examples → serialized again (before the view)", () =>
            {
                var request = ClassificationRequest.Parser.ParseFrom(classifyMessage);
                using var examples = InputCodec.ToExamples(new Tensorflow.Serving.Internal.SerializedInput { ExampleList = new Tensorflow.Serving.Internal.SerializedExampleList { Examples = { request.Input.ExampleList.Examples.Select(e => e.ToByteString()) } } });
            }),
            ("gRPC predict answer: PredictResponse of [100, 2] scores → bytes", () =>
            {
                var response = new PredictResponse { ModelSpec = new ModelSpec { Name = "m" } };
                response.Outputs["scores"] = TensorProtoCodec.ToProto(scores, true);
                _ = response.ToByteArray();
            }),
            ("gRPC classify answer: ClassificationResponse of 100 × 2 classes → bytes", () =>
            {
                _ = new ClassificationResponse { Result = InferenceResultCodec.ToProto(classification), ModelSpec = new ModelSpec { Name = "m" } }.ToByteArray();
            }),
            ("REST predict answer: JSON of [100, 2] scores", () =>
            {
                answer.ResetWrittenCount();
                PredictJsonWriter.Write(answer, outputs, rowFormat: true);
            }),
            ("REST classify answer: JSON of 100 × 2 (label, score)", () =>
            {
                answer.ResetWrittenCount();
                InferenceJsonWriter.WriteClassification(answer, classification);
            }),
        };

        CpuRounds.Run(output, $"{Examples} examples × {Features} float features, REST bodies {classifyJson.Length} B (classify) and {predictJson.Length} B (predict)", scenarios, rounds: 21, callsPerRound: 200);
    }

    private static ClassificationRequest ClassifyRequest(float[] values)
    {
        var list = new ExampleList();
        for (var e = 0; e < Examples; e++)
        {
            var example = new Tensorflow.Example { Features = new Tensorflow.Features() };
            for (var f = 0; f < Features; f++)
            {
                example.Features.Feature[$"f{f}"] = new Tensorflow.Feature { FloatList = new Tensorflow.FloatList { Value = { values[(e * Features) + f] } } };
            }

            list.Examples.Add(example);
        }

        return new ClassificationRequest { ModelSpec = new ModelSpec { Name = "m" }, Input = new Input { ExampleList = list } };
    }

    private static Tensorflow.Serving.PredictRequest PredictRequest(float[] values)
    {
        var request = new Tensorflow.Serving.PredictRequest { ModelSpec = new ModelSpec { Name = "m" } };
        request.Inputs["x"] = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtFloat,
            TensorShape = new Tensorflow.TensorShapeProto { Dim = { new Tensorflow.TensorShapeProto.Types.Dim { Size = Examples }, new Tensorflow.TensorShapeProto.Types.Dim { Size = Features } } },
            TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(values.AsSpan())),
        };
        return request;
    }

    private static string Number(float value) => value.ToString("0.0###", CultureInfo.InvariantCulture);

    private static void Assert(bool read)
    {
        if (!read)
        {
            throw new InvalidOperationException("The fast path declined the benchmark's body.");
        }
    }

    private static void Dispose(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}
