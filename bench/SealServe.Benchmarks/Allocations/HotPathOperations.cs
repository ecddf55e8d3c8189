using System.Runtime.InteropServices;
using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models.Batching;
using SealServe.Models.Engine;
using SealServe.Server.Codecs.Json;
using SealServe.Server.Codecs.Proto;
using SealServe.Server.Rest;

namespace SealServe.Benchmarks.Allocations;

/// <summary>
/// One tiny Predict's steps on the hot path (mlp_tabular: 16 floats in; 3 probabilities and a class id out), each
/// a call that leaves nothing behind. Shared by <see cref="HotPathBenchmarks"/> (BenchmarkDotNet, time and bytes)
/// and the allocation budget test in CI (bytes only, against <c>allocation-budgets.json</c>).
/// </summary>
public sealed class HotPathOperations : IDisposable
{
    private static readonly float[] Features =
        [-1.4625430f, 1.3897350f, 1.0550985f, -0.9797239f, -0.0182597f, -0.2020357f, 0.6063719f, 1.1548934f,
         -1.6245617f, -1.8866102f, 1.3430604f, -0.2689317f, 1.0491203f, -1.9915758f, -0.2184512f, 0.8861601f];

    private readonly OnnxServable engine;
    private readonly BatchScheduler scheduler;
    private readonly BatchingServable batching;
    private readonly Signature signature;
    private readonly string[] inputNames;
    private readonly string[] outputNames;
    private readonly Tensor input = Tensor.FromValues(new TensorShape([1, 16]), Features);
    private readonly byte[] json;
    private readonly Tensorflow.Serving.PredictRequest request;
    private readonly long requestBytes;
    private readonly KeyValuePair<string, Tensor>[] outputs;
    private readonly ResponseBuffer response = new();

    /// <summary>The operations are named by these keys in the budget file.</summary>
    public static readonly string[] Names = ["json_read", "json_write", "tensor_proto_decode", "tensor_proto_encode", "engine_run", "batch_queue_run"];

    /// <param name="modelPath">The corpus's <c>onnx/mlp_tabular/model.onnx</c>.</param>
    public HotPathOperations(string modelPath)
    {
        engine = OnnxServable.Create(File.ReadAllBytes(modelPath), new EngineOptions());
        signature = engine.Signatures[Signature.DefaultKey];
        inputNames = [.. signature.InputAliases.Select(a => signature.Inputs[a].Name)];
        outputNames = [.. signature.OutputAliases.Select(a => signature.Outputs[a].Name)];

        // Batching as a server runs it (one batch thread); a lone request runs at once, the queue empty.
        scheduler = new BatchScheduler(new BatchingOptions { MaxBatchSize = 8, NumBatchThreads = 1 }, TimeProvider.System, NullLogger<BatchScheduler>.Instance);
        var inner = OnnxServable.Create(File.ReadAllBytes(modelPath), new EngineOptions());
        batching = new BatchingServable(inner, scheduler);

        json = System.Text.Encoding.UTF8.GetBytes("{\"instances\": [[" + string.Join(",", Features.Select(f => f.ToString("R", System.Globalization.CultureInfo.InvariantCulture))) + "]]}");
        var tensor = new Tensorflow.TensorProto
        {
            Dtype = Tensorflow.DataType.DtFloat,
            TensorShape = TensorProtoCodec.ToShapeProto(input.Shape),
            TensorContent = ByteString.CopyFrom(MemoryMarshal.AsBytes(Features.AsSpan())),
        };
        request = new Tensorflow.Serving.PredictRequest { ModelSpec = new Tensorflow.Serving.ModelSpec { Name = "mlp_tabular" } };
        request.Inputs[signature.InputAliases[0]] = tensor;
        requestBytes = request.CalculateSize();

        var results = engine.RunAsync(signature, inputNames, [input], outputNames, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        outputs = [.. signature.OutputAliases.Select((alias, i) => new KeyValuePair<string, Tensor>(alias, results[i]))];
    }

    /// <summary>Whether a step allocates on threads other than the caller's (a batch runs on a batch thread).</summary>
    public static bool UsesOtherThreads(string name) => name == "batch_queue_run";

    public Action Get(string name) => name switch
    {
        "json_read" => ReadJson,
        "json_write" => WriteJson,
        "tensor_proto_decode" => DecodeTensorProto,
        "tensor_proto_encode" => EncodeTensorProto,
        "engine_run" => RunEngine,
        "batch_queue_run" => RunBatched,
        _ => throw new ArgumentException($"No hot-path operation '{name}'.", nameof(name)),
    };

    /// <summary>REST: the body's <c>instances</c> into input tensors.</summary>
    public void ReadJson()
    {
        using var parsed = PredictJsonRequest.Parse(json);
        DisposeAll(parsed.ReadInputs(signature));
    }

    /// <summary>REST: the outputs as TF Serving's JSON, into the pooled response buffer.</summary>
    public void WriteJson()
    {
        response.ResetWrittenCount();
        PredictJsonWriter.Write(response, outputs, rowFormat: true);
    }

    /// <summary>gRPC: the request's <c>TensorProto</c> inputs into tensors.</summary>
    public void DecodeTensorProto() => DisposeAll(PredictRequestDecoder.Decode(request.Inputs, signature, requestBytes, long.MaxValue));

    /// <summary>gRPC: the outputs into <c>TensorProto</c>s (as tensor_content, as the server answers by default).</summary>
    public void EncodeTensorProto()
    {
        foreach (var (_, tensor) in outputs)
        {
            TensorProtoCodec.ToProto(tensor, asTensorContent: true);
        }
    }

    /// <summary>One engine run with a cancellable token, as every request has.</summary>
    public void RunEngine()
    {
        using var cancellation = new CancellationTokenSource();
        DisposeAll(engine.RunAsync(signature, inputNames, [input], outputNames, cancellation.Token).AsTask().GetAwaiter().GetResult());
    }

    /// <summary>One request through the batching queue and its batch thread (the engine run included).</summary>
    public void RunBatched()
    {
        using var cancellation = new CancellationTokenSource();
        DisposeAll(batching.RunAsync(signature, inputNames, [input], outputNames, cancellation.Token).AsTask().GetAwaiter().GetResult());
    }

    public void Dispose()
    {
        foreach (var (_, tensor) in outputs)
        {
            tensor.Dispose();
        }

        batching.Dispose();
        scheduler.Dispose();
        engine.Dispose();
        input.Dispose();
        response.Dispose();
    }

    private static void DisposeAll(IEnumerable<Tensor> tensors)
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }

    private static void DisposeAll(Dictionary<string, Tensor> tensors) => DisposeAll(tensors.Values);
}
