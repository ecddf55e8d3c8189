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
                await PredictAsync(modelName, version, servable, log.PredictLog.Request, cancellationToken).ConfigureAwait(false);
                return;
            case PredictionLog.LogTypeOneofCase.ClassifyLog or PredictionLog.LogTypeOneofCase.RegressLog or PredictionLog.LogTypeOneofCase.MultiInferenceLog:
                // SealServe does not serve these APIs yet; skipping keeps models with such records loadable.
                ServerLog.WarmupRecordSkipped(logger, modelName, version, log.LogTypeCase.ToString());
                return;
            default:
                throw ServingException.Unimplemented($"Unsupported log_type for warmup: {(int)log.LogTypeCase}");
        }
    }

    private async Task PredictAsync(string modelName, long version, IServable servable, PredictRequest request, CancellationToken cancellationToken)
    {
        var signature = Predictor.GetSignature(servable, request.ModelSpec?.SignatureName);
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
