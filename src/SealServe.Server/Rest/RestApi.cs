using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SealServe.Core.Errors;
using SealServe.Core.Tensors;
using SealServe.Models;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Auth;
using SealServe.Server.Codecs.Json;
using SealServe.Server.Codecs.Proto;
using SealServe.Server.Diagnostics;

namespace SealServe.Server.Rest;

/// <summary>
/// The REST port's APIs: TF Serving's (every path under <c>/v1/</c>, any case; responses and errors are JSON with
/// TF Serving's texts and HTTP codes) and the Open Inference Protocol's (<c>/v2</c>, <see cref="V2RestApi"/>), in one
/// frame: CORS, the request timeout, error JSON, metrics.
/// </summary>
internal sealed class RestApi(ServableManager manager, ServerOptions options, IOptions<ModelServingOptions> servingOptions, RestCapacity capacity, V2RestApi v2, ServingMetrics metrics, ErrorLogLimiter errorLog, StatusRedactor redactor, ILogger<RestApi> logger)
{
    private static readonly byte[] NotFoundPage = Encoding.ASCII.GetBytes(
        "<HTML><HEAD>\n<TITLE>404 Not Found</TITLE>\n</HEAD><BODY>\n<H1>Not Found</H1>\nThe requested URL was not found on this server.</BODY></HTML>\n");

    // Slots bound the work in progress (decode, engine, encode), never a client's upload or a status read.
    private readonly SemaphoreSlim slots = capacity.Slots;
    private readonly BodyMemoryBudget bodies = capacity.Bodies;

    /// <summary>True for TF Serving's paths (<c>(?i)/v1/.*</c>) and the v2 protocol's (<c>/v2</c>...).</summary>
    public static bool Handles(PathString path) => IsTfServingPath(path) || V2Route.Handles(path.Value!);

    /// <summary>True for paths TF Serving hands to its REST handler (<c>(?i)/v1/.*</c>).</summary>
    public static bool IsTfServingPath(PathString path) => path.StartsWithSegments("/v1", StringComparison.OrdinalIgnoreCase) && path.Value!.Length > 3;

    /// <summary>What TF Serving's HTTP server answers for any other path: 404 with an HTML page.</summary>
    public static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/html";
        return context.Response.Body.WriteAsync(NotFoundPage, context.RequestAborted).AsTask();
    }

    public async Task HandleAsync(HttpContext context)
    {
        var path = RawPath(context);
        if (options.EnableCors)
        {
            // TF Serving's headers, on every response including errors and pre-flights.
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlAllowMethods = "POST, GET";
            context.Response.Headers.AccessControlAllowHeaders = options.AuthConfigFile is null ? "Content-Type" : "Content-Type, Authorization";
        }

        if (HttpMethods.IsOptions(context.Request.Method))
        {
            // CORS pre-flight: TF Serving answers with an empty body either way.
            var origin = context.Request.Headers.Origin.ToString();
            context.Response.StatusCode = origin.StartsWith("http://", StringComparison.Ordinal) || origin.StartsWith("https://", StringComparison.Ordinal) ? 200 : 400;
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (options.RestApiTimeoutInMs > 0)
        {
            timeout.CancelAfter(options.RestApiTimeoutInMs);
        }

        var started = Stopwatch.GetTimestamp();
        using var output = new ResponseBuffer();
        RestRoute? route = null;
        V2Route? v2Route = null;
        RestReply reply = default;
        int status;
        var code = StatusCode.Ok;
        string? error = null;
        try
        {
            if (V2Route.Handles(path))
            {
                v2Route = V2Route.Parse(context.Request.Method, path);
                reply = await v2.DispatchAsync(context, v2Route, output, timeout.Token).ConfigureAwait(false);
                status = reply.Status;
            }
            else
            {
                route = RestRoute.Parse(context.Request.Method, path);
                status = await DispatchAsync(context, route, output, timeout.Token).ConfigureAwait(false);
            }
        }
        catch (ServingException e)
        {
            (code, status, error) = (e.Code, JsonError.HttpStatus(e.Code), e.Message);
        }
        catch (RequestTooLargeException e)
        {
            (code, status, error) = (StatusCode.ResourceExhausted, StatusCodes.Status413PayloadTooLarge, e.Message);
        }
        catch (BadHttpRequestException e)
        {
            // The client's fault (bad chunked encoding, too slow an upload...): its status, no stack trace.
            (code, status, error) = (StatusCode.InvalidArgument, e.StatusCode, e.Message);
            ServerLog.BadRestRequest(logger, context.Request.Method, Bounded(path), status, e.Message);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            code = StatusCode.DeadlineExceeded;
            (status, error) = (JsonError.HttpStatus(code), $"Request did not finish within {options.RestApiTimeoutInMs} ms (--rest_api_timeout_in_ms).");
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (reset or closed mid-body): nobody to answer, nothing to log.
            return;
        }
        catch (Exception e)
        {
            if (errorLog.TryEnter(out var heldBack))
            {
                ServerLog.UnexpectedRestError(logger, context.Request.Method, Bounded(path), heldBack, e);
            }

            (code, status, error) = (StatusCode.Internal, StatusCodes.Status500InternalServerError, $"Internal error: {e.Message}");
        }

        var binary = reply.Binary ?? [];
        if (error is not null)
        {
            output.ResetWrittenCount();
            output.Write(JsonError.Format(redactor.Redact(error)));
            binary = [];
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = binary.Count == 0 ? "application/json" : "application/octet-stream";
        if (binary.Count > 0)
        {
            context.Response.Headers[V2RestApi.HeaderLength] = output.WrittenCount.ToString(CultureInfo.InvariantCulture);
        }

        long length = output.WrittenCount;
        foreach (var data in binary)
        {
            length += data.Length;
        }

        context.Response.ContentLength = length;
        await context.Response.Body.WriteAsync(output.WrittenMemory, context.RequestAborted).ConfigureAwait(false);
        foreach (var data in binary)
        {
            await context.Response.Body.WriteAsync(data, context.RequestAborted).ConfigureAwait(false);
        }

        if (route is { Action: RestAction.Predict or RestAction.Classify or RestAction.Regress })
        {
            metrics.RecordRequest(route.ModelName, route.Verb, ServingMetrics.Rest, code, started, context.Request.ContentLength ?? 0, length);
        }
        else if (v2Route is { Action: V2Action.Infer })
        {
            metrics.RecordRequest(v2Route.ModelName, V2RestApi.InferApi, ServingMetrics.Rest, code, started, context.Request.ContentLength ?? 0, length);
        }
    }

    private async Task<int> DispatchAsync(HttpContext context, RestRoute route, ResponseBuffer output, CancellationToken cancellationToken)
    {
        switch (route.Action)
        {
            // Status and metadata never wait for a slot: they must answer while predicts queue.
            case RestAction.Status:
                WriteText(output, ProtoJson.Format(ModelStatusCodec.ToResponse(manager.GetStatus(route.ModelName, route.Version), redactor.Redact)));
                return StatusCodes.Status200OK;
            case RestAction.Metadata:
                WriteMetadata(output, route);
                return StatusCodes.Status200OK;
            case RestAction.Predict:
                await PredictAsync(context, route, output, cancellationToken).ConfigureAwait(false);
                return StatusCodes.Status200OK;
            default:
                await ClassifyOrRegressAsync(context, route, output, cancellationToken).ConfigureAwait(false);
                return StatusCodes.Status200OK;
        }
    }

    private async Task ClassifyOrRegressAsync(HttpContext context, RestRoute route, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        using var body = await RequestBody.ReadAsync(context.Request, options.RestApiMaxRequestBytes, bodies, cancellationToken).ConfigureAwait(false);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Like TF Serving, the body (examples included) is parsed before the model is looked up.
            using var request = ExamplesJsonRequest.Parse(body.Memory);
            using var handle = manager.GetHandle(new ServableRequest(route.ModelName, route.Version, route.Label));
            var signature = InferenceSignatures.Find(handle.Servable, request.SignatureName);
            var checkMethodNames = servingOptions.Value.EnableSignatureMethodNameCheck;
            metrics.RecordExamples(handle.ModelName, request.ExampleCount);
            var started = Stopwatch.GetTimestamp();
            if (route.Action == RestAction.Classify)
            {
                var classification = InferenceSignatures.ForClassification(signature, checkMethodNames);
                var examples = request.Feed(handle.Servable, signature, classification.Input);
                using var result = await Classifier.ClassifyAsync(handle.Servable, classification, examples, cancellationToken).ConfigureAwait(false);
                metrics.RecordRuntime(handle.ModelName, "Classify", started);
                InferenceJsonWriter.WriteClassification(output, result);
            }
            else
            {
                var regression = InferenceSignatures.ForRegression(signature, checkMethodNames);
                var examples = request.Feed(handle.Servable, signature, regression.Input);
                using var result = await Regressor.RegressAsync(handle.Servable, regression, examples, cancellationToken).ConfigureAwait(false);
                metrics.RecordRuntime(handle.ModelName, "Regress", started);
                InferenceJsonWriter.WriteRegression(output, result);
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task PredictAsync(HttpContext context, RestRoute route, IBufferWriter<byte> output, CancellationToken cancellationToken)
    {
        // The body is read before a slot is taken, so a slow upload holds memory (bounded by the budget) but no slot.
        using var decode = ServerTracing.Source.StartActivity("decode");
        using var body = await RequestBody.ReadAsync(context.Request, options.RestApiMaxRequestBytes, bodies, cancellationToken).ConfigureAwait(false);
        await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Like TF Serving, the body is parsed before the model is looked up.
            using var request = PredictJsonRequest.Parse(body.Memory);
            using var handle = manager.GetHandle(new ServableRequest(route.ModelName, route.Version, route.Label));
            var signature = PredictJsonRequest.ResolveSignature(handle.Servable.Signatures, request.SignatureName);
            Predictor.CheckMethodName(signature, servingOptions.Value.EnableSignatureMethodNameCheck);
            var inputs = request.ReadInputs(signature);
            decode?.Stop();
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var result = await Predictor.PredictAsync(handle, signature, inputs, [], cancellationToken).ConfigureAwait(false);
                metrics.RecordRuntime(handle.ModelName, "Predict", started);
                using var encode = ServerTracing.Source.StartActivity("encode");
                PredictJsonWriter.Write(output, result.Outputs, request.IsRowFormat);
            }
            finally
            {
                foreach (var tensor in inputs.Values)
                {
                    tensor.Dispose();
                }
            }
        }
        finally
        {
            slots.Release();
        }
    }

    private void WriteMetadata(IBufferWriter<byte> output, RestRoute route)
    {
        using var handle = manager.GetHandle(new ServableRequest(route.ModelName, route.Version, route.Label));
        var spec = new Tensorflow.Serving.ModelSpec { Name = handle.ModelName, Version = handle.Version };
        var signatures = SignatureDefCodec.ToSignatureDefMap(handle.Servable.Signatures);

        // TF Serving assembles this body from two proto-JSON documents.
        WriteText(output, $"{{\n\"model_spec\":{ProtoJson.Format(spec)},\n\"metadata\": {{\"signature_def\": {ProtoJson.Format(signatures)}}}\n}}\n");
    }

    private static void WriteText(IBufferWriter<byte> output, string text) => Encoding.UTF8.GetBytes(text, output);

    /// <summary>A path as logged: a hostile one may be kilobytes long.</summary>
    private static string Bounded(string path) => path.Length <= 256 ? path : string.Concat(path.AsSpan(0, 256), "...");

    /// <summary>The request target before decoding, without its query: what TF Serving matches routes against.</summary>
    internal static string RawPath(HttpContext context)
    {
        // Names are percent-decoded after matching, as in TF Serving, so match the raw target.
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var query = raw.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? raw : raw[..query];
    }
}
