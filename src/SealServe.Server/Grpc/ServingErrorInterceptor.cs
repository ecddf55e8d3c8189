using System.Diagnostics;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;
using SealServe.Core.Errors;
using SealServe.Server.Auth;
using SealServe.Server.Diagnostics;
using SealServe.Serving;
using Tensorflow.Serving;
using StatusCode = SealServe.Core.Errors.StatusCode;

namespace SealServe.Server.Grpc;

/// <summary>
/// Maps the serving path's errors to gRPC status at the edge: a <see cref="ServingException"/> keeps its
/// code (TF codes are gRPC codes) and message (truncated to 1024 characters, as TF Serving does);
/// a cancelled call becomes DEADLINE_EXCEEDED or CANCELLED; anything else is INTERNAL and a rate-limited error log. Also caps concurrent calls (<c>--grpc_max_threads</c>).
/// </summary>
internal sealed class ServingErrorInterceptor(ServerOptions options, ServingMetrics metrics, ErrorLogLimiter errorLog, StatusRedactor redactor, ILogger<ServingErrorInterceptor> logger) : Interceptor
{
    private const int MaxMessageLength = 1024;
    private const string HealthService = "/grpc.health.v1.Health/";
    private const string InferenceService = "/inference.GRPCInferenceService/";
    private readonly SemaphoreSlim slots = new(options.GrpcMaxThreads);

    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation) =>
        IsHealth(context.Method)
            ? continuation(request, context) // Health is never queued behind requests.
            : HandleAsync(request, context, continuation);

    /// <summary>grpc.health.v1 and the v2 protocol's liveness and readiness checks.</summary>
    private static bool IsHealth(string method) =>
        method.StartsWith(HealthService, StringComparison.Ordinal)
        || (method.StartsWith(InferenceService, StringComparison.Ordinal) && method.AsSpan(InferenceService.Length) is "ServerLive" or "ServerReady" or "ModelReady");

    private async Task<TResponse> HandleAsync<TRequest, TResponse>(TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
        where TRequest : class
        where TResponse : class
    {
        var started = Stopwatch.GetTimestamp();
        var code = StatusCode.Ok;
        long sent = 0;
        try
        {
            await slots.WaitAsync(context.CancellationToken).ConfigureAwait(false);
            try
            {
                var response = await continuation(request, context).ConfigureAwait(false);
                sent = metrics.Enabled ? (response as IMessage)?.CalculateSize() ?? 0 : 0;
                return response;
            }
            finally
            {
                slots.Release();
            }
        }
        catch (ServingException e)
        {
            code = e.Code;
            throw new RpcException(new Status((global::Grpc.Core.StatusCode)(int)e.Code, Truncate(redactor.Redact(e.Message))));
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            var expired = context.Deadline <= DateTime.UtcNow;
            code = expired ? StatusCode.DeadlineExceeded : StatusCode.Cancelled;
            throw new RpcException(expired
                ? new Status(global::Grpc.Core.StatusCode.DeadlineExceeded, "Deadline exceeded")
                : new Status(global::Grpc.Core.StatusCode.Cancelled, "Cancelled"));
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            // A bug on our side: INTERNAL with the reason, and a log line with the stack, rate-limited.
            code = StatusCode.Internal;
            if (errorLog.TryEnter(out var heldBack))
            {
                ServerLog.UnexpectedGrpcError(logger, context.Method, heldBack, e);
            }

            throw new RpcException(new Status(global::Grpc.Core.StatusCode.Internal, Truncate(redactor.Redact($"Internal error: {e.Message}"))));
        }
        catch (Exception)
        {
            code = StatusCode.Unknown;
            throw;
        }
        finally
        {
            // TF Serving counts the inference calls of PredictionService, by the model their ModelSpec names; v2's ModelInfer likewise.
            if (metrics.Enabled && ModelName(request) is { } model)
            {
                metrics.RecordRequest(model, context.Method[(context.Method.LastIndexOf('/') + 1)..], ServingMetrics.Grpc, code, started, ((IMessage)request).CalculateSize(), sent);
            }
        }
    }

    /// <summary>The model an inference request names; for MultiInference its first task's, as TF Serving records it (every task must name the same).</summary>
    private static string? ModelName(object request) => request switch
    {
        PredictRequest predict => predict.ModelSpec?.Name,
        ClassificationRequestView classify => classify.ModelSpec?.Name,
        RegressionRequestView regress => regress.ModelSpec?.Name,
        MultiInferenceRequestView multi => multi.Tasks.FirstOrDefault()?.ModelSpec?.Name,
        global::Inference.ModelInferRequest infer => infer.ModelName,
        _ => null,
    };

    /// <summary>
    /// TF Serving's cut at 1024 characters, and no trailing whitespace: HTTP/2 header values lose it, and some
    /// clients (grpc-js) then see an empty message.
    /// </summary>
    internal static string Truncate(string message) =>
        (message.Length <= MaxMessageLength ? message : string.Concat(message.AsSpan(0, MaxMessageLength), "...TRUNCATED")).TrimEnd();
}
