using System.Diagnostics;
using Google.Protobuf;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Loading;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.Proto;
using SealServe.Server.Diagnostics;
using Tensorflow.Serving;

namespace SealServe.Server.Warmup;

/// <summary>
/// TF Serving's model warmup: replays each PredictionLog record of <c>assets.extra/tf_serving_warmup_requests</c>
/// against the freshly loaded version (the model name and version in the logged request are ignored).
/// Errors fail the load, with TF Serving's texts.
/// </summary>
internal sealed class PredictionLogWarmup(IOptions<ModelServingOptions> options, ServerOptions server, ILogger<PredictionLogWarmup> logger, ServingMetrics? metrics = null) : IServableWarmup
{
    /// <summary>TF Serving refuses files with more records than this.</summary>
    public const int MaxRecords = 1000;

    public async Task WarmUpAsync(string modelName, long version, IServable servable, ReadOnlyMemory<byte> warmupFile, string path, CancellationToken cancellationToken)
    {
        // TF Serving labels warmup latency with the version's folder.
        var versionPath = Path.GetDirectoryName(Path.GetDirectoryName(path)) ?? path;
        var started = Stopwatch.GetTimestamp();
        try
        {
            await ReplayFileAsync(modelName, version, servable, warmupFile, path, cancellationToken).ConfigureAwait(false);
            metrics?.RecordWarmup(versionPath, StatusCode.Ok, started);
        }
        catch (ServingException e)
        {
            metrics?.RecordWarmup(versionPath, e.Code, started);
            throw;
        }
    }

    private async Task ReplayFileAsync(string modelName, long version, IServable servable, ReadOnlyMemory<byte> warmupFile, string path, CancellationToken cancellationToken)
    {
        var count = 0;
        IEnumerable<ReadOnlyMemory<byte>> records;
        try
        {
            records = TfRecordFile.Read(warmupFile).ToArray();
        }
        catch (ServingException e) when (e.Code == StatusCode.DataLoss)
        {
            throw new ServingException(StatusCode.DataLoss, $"{e.Message}. Please verify your warmup data is in TFRecord format");
        }

        foreach (var record in records)
        {
            if (++count > MaxRecords)
            {
                throw ServingException.InvalidArgument($"Number of warmup records exceeds the maximum ({MaxRecords}) at {path}");
            }

            var log = Parse(record, path);
            for (var i = 0; i < Math.Max(1, options.Value.NumRequestIterationsForWarmup); i++)
            {
                await ReplayAsync(modelName, version, servable, log, cancellationToken).ConfigureAwait(false);
            }
        }

        ServerLog.WarmupDone(logger, modelName, version, count);
    }

    private async Task ReplayAsync(string modelName, long version, IServable servable, PredictionLog log, CancellationToken cancellationToken)
    {
        switch (log.LogTypeCase)
        {
            case PredictionLog.LogTypeOneofCase.None:
                return;
            case PredictionLog.LogTypeOneofCase.PredictLog:
                await PredictAsync(modelName, version, servable, log.PredictLog.Request ?? new(), cancellationToken).ConfigureAwait(false);
                return;
            case PredictionLog.LogTypeOneofCase.ClassifyLog:
                await ClassifyAsync(servable, log.ClassifyLog.Request ?? new(), cancellationToken).ConfigureAwait(false);
                return;
            case PredictionLog.LogTypeOneofCase.RegressLog:
                await RegressAsync(servable, log.RegressLog.Request ?? new(), cancellationToken).ConfigureAwait(false);
                return;
            case PredictionLog.LogTypeOneofCase.MultiInferenceLog:
                await MultiInferenceAsync(servable, log.MultiInferenceLog.Request ?? new(), cancellationToken).ConfigureAwait(false);
                return;
            default:
                throw ServingException.Unimplemented($"Unsupported log_type for warmup: {(int)log.LogTypeCase}");
        }
    }

    private async Task PredictAsync(string modelName, long version, IServable servable, PredictRequest request, CancellationToken cancellationToken)
    {
        var signature = Predictor.GetSignature(servable, request.ModelSpec?.SignatureName);
        Predictor.CheckMethodName(signature, options.Value.EnableSignatureMethodNameCheck);
        var inputs = PredictRequestDecoder.Decode(request.Inputs, signature, request.CalculateSize(), server.MaxTensorExpansionBytes);
        try
        {
            using var result = await Predictor.PredictAsync(servable, modelName, version, signature, inputs, request.OutputFilter, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            foreach (var tensor in inputs.Values)
            {
                tensor.Dispose();
            }
        }
    }

    private async Task ClassifyAsync(IServable servable, ClassificationRequest request, CancellationToken cancellationToken)
    {
        var signature = InferenceSignatures.ForClassification(InferenceSignatures.Find(servable, request.ModelSpec?.SignatureName), options.Value.EnableSignatureMethodNameCheck);
        using var examples = InputCodec.ToExamples(request.Input);
        using var result = await Classifier.ClassifyAsync(servable, signature, examples, cancellationToken).ConfigureAwait(false);
    }

    private async Task RegressAsync(IServable servable, RegressionRequest request, CancellationToken cancellationToken)
    {
        var signature = InferenceSignatures.ForRegression(InferenceSignatures.Find(servable, request.ModelSpec?.SignatureName), options.Value.EnableSignatureMethodNameCheck);
        using var examples = InputCodec.ToExamples(request.Input);
        using var result = await Regressor.RegressAsync(servable, signature, examples, cancellationToken).ConfigureAwait(false);
    }

    private async Task MultiInferenceAsync(IServable servable, MultiInferenceRequest request, CancellationToken cancellationToken)
    {
        var tasks = MultiInferenceRunner.Check(servable, [.. request.Tasks.Select(t => new MultiInferenceTask(t.ModelSpec?.SignatureName ?? string.Empty, t.MethodName))], options.Value.EnableSignatureMethodNameCheck);
        using var examples = InputCodec.ToExamples(request.Input);
        using var result = await MultiInferenceRunner.RunAsync(servable, tasks, examples, cancellationToken).ConfigureAwait(false);
    }

    private static PredictionLog Parse(ReadOnlyMemory<byte> record, string path)
    {
        try
        {
            return PredictionLog.Parser.ParseFrom(record.Span);
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidOperationException)
        {
            var preview = Convert.ToHexString(record.Span[..Math.Min(record.Length, 32)]);
            throw ServingException.InvalidArgument($"Failed to parse warmup record: {preview} from {path}");
        }
    }
}
