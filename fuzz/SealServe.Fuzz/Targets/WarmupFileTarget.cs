using Google.Protobuf;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SealServe.Core.Signatures;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Server;
using SealServe.Server.Warmup;
using Tensorflow;
using DataType = Tensorflow.DataType;
using Tensorflow.Serving;

namespace SealServe.Fuzz.Targets;

/// <summary>
/// <c>assets.extra/tf_serving_warmup_requests</c>: TFRecord framing, PredictionLog records, and each logged request
/// replayed against a servable with <see cref="FuzzSignatures"/>, through the server's own warmup.
/// </summary>
internal sealed class WarmupFileTarget : IFuzzTarget
{
    private static readonly PredictionLogWarmup Warmup = new(Options.Create(new ModelServingOptions()), new ServerOptions(), NullLogger<PredictionLogWarmup>.Instance);

    public string Name => "warmup-tfrecord";

    public void Run(ReadOnlySpan<byte> input) =>
        Warmup.WarmUpAsync("fuzz", 1, EchoServable.Instance, input.ToArray(), "fuzz/1/assets.extra/tf_serving_warmup_requests", CancellationToken.None).GetAwaiter().GetResult();

    public IEnumerable<(string Name, byte[] Bytes)> Seeds()
    {
        var predict = new PredictionLog { PredictLog = new PredictLog { Request = new PredictRequest { ModelSpec = new ModelSpec { Name = "m" } } } };
        predict.PredictLog.Request.Inputs["x"] = new TensorProto { Dtype = DataType.DtFloat, TensorShape = GrpcPredictTarget.Shape(2), FloatVal = { 1f, 2f } };
        var classify = new PredictionLog { ClassifyLog = new ClassifyLog() };
        using var file = new MemoryStream();
        TfRecordFile.Write(file, predict.ToByteArray());
        TfRecordFile.Write(file, classify.ToByteArray());
        return [("predict-and-classify", file.ToArray())];
    }

    /// <summary>Answers every run with one float; what matters here is what reaches it.</summary>
    private sealed class EchoServable : IServable
    {
        public static readonly EchoServable Instance = new();

        public IReadOnlyDictionary<string, Signature> Signatures => FuzzSignatures.All;

        public ValueTask<Tensor[]> RunAsync(Signature signature, string[] inputNames, Tensor[] inputs, string[] outputNames, CancellationToken cancellationToken) =>
            ValueTask.FromResult(outputNames.Select(_ => Tensor.FromValues(TensorShape.Scalar, 1f)).ToArray());

        public void Dispose()
        {
        }
    }
}
