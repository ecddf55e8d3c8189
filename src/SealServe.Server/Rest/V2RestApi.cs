using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using SealServe.Core.Errors;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.V2;
using SealServe.Server.Diagnostics;
using SealServe.Server.V2;

namespace SealServe.Server.Rest;

/// <summary>What a REST handler answers: a status, and binary data to send after the JSON body (v2's binary tensor data).</summary>
internal readonly record struct RestReply(int Status, IReadOnlyList<ReadOnlyMemory<byte>>? Binary = null)
{
    public static RestReply Ok { get; } = new(StatusCodes.Status200OK);
}

/// <summary>
/// The Open Inference Protocol (KServe v2) on the REST port, inside <see cref="RestApi"/>'s frame (CORS, timeout, error
/// JSON, slots): server and model metadata, model readiness, and inference with JSON tensors or the binary tensor data
/// extension. Errors are the protocol's <c>{"error": "..."}</c>.
/// </summary>
internal sealed class V2RestApi(ServableManager manager, ServerOptions options, RestCapacity capacity, ServingMetrics metrics)
{
    /// <summary>The header of the binary tensor data extension: the length of the JSON at the start of the body.</summary>
    public const string HeaderLength = "Inference-Header-Content-Length";

    /// <summary>The API label of REST inference in metrics.</summary>
    public const string InferApi = "infer";

    private static readonly JsonWriterOptions JsonOptions = new() { SkipValidation = true };

    public async Task<RestReply> DispatchAsync(HttpContext context, V2Route route, ResponseBuffer output, CancellationToken cancellationToken)
    {
        switch (route.Action)
        {
            case V2Action.ServerMetadata:
                using (var json = new Utf8JsonWriter(output, JsonOptions))
                {
                    V2Metadata.WriteJson(json, V2Metadata.Server());
                }

                return RestReply.Ok;
            case V2Action.ModelMetadata:
                WriteModelMetadata(route, output);
                return RestReply.Ok;
            case V2Action.ModelReady:
                return ModelReady(route, output);
            default:
                return await InferAsync(context, route, output, cancellationToken).ConfigureAwait(false);
        }
    }

    private void WriteModelMetadata(V2Route route, ResponseBuffer output)
    {
        using var handle = manager.GetHandle(InferenceRunner.Servable(route.ModelName, route.Version));
        var versions = manager.TryGetStatus(handle.ModelName).Where(s => s.State == ServableState.Available).Select(s => s.Version);
        using var json = new Utf8JsonWriter(output, JsonOptions);
        V2Metadata.WriteJson(json, V2Metadata.Model(handle, Predictor.GetSignature(handle.Servable, null), versions));
    }

    /// <summary>200 <c>{"name": ..., "ready": true}</c>, or 400 with the reason, as the protocol's 4xx for "not ready".</summary>
    private RestReply ModelReady(V2Route route, ResponseBuffer output)
    {
        try
        {
            using var handle = manager.GetHandle(InferenceRunner.Servable(route.ModelName, route.Version));
        }
        catch (ServingException e) when (e.Code is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            throw ServingException.InvalidArgument($"Model {route.ModelName} is not ready: {e.Message}");
        }

        using var json = new Utf8JsonWriter(output, JsonOptions);
        json.WriteStartObject();
        json.WriteString("name"u8, route.ModelName);
        json.WriteBoolean("ready"u8, true);
        json.WriteEndObject();
        return RestReply.Ok;
    }

    private async Task<RestReply> InferAsync(HttpContext context, V2Route route, ResponseBuffer output, CancellationToken cancellationToken)
    {
        // As for TF Serving's predict: the body is read before a slot is taken.
        using var decode = ServerTracing.Source.StartActivity("decode");
        var headerLength = HeaderLengthOf(context.Request);
        using var body = await RequestBody.ReadAsync(context.Request, options.RestApiMaxRequestBytes, capacity.Bodies, cancellationToken).ConfigureAwait(false);
        await capacity.Slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Binary inputs view the body: the request (its tensors) is disposed before the body.
            using var request = InferJsonReader.Read(body.Memory, headerLength);
            decode?.Stop();
            var result = await InferenceRunner.RunAsync(
                manager, InferenceRunner.Servable(route.ModelName, route.Version), request, request.BinaryOutputs, metrics, InferApi, cancellationToken).ConfigureAwait(false);

            // Binary outputs are sent from the engine's memory after this returns: the result lives until the response is written.
            context.Response.RegisterForDispose(result);
            using var encode = ServerTracing.Source.StartActivity("encode");
            return new RestReply(StatusCodes.Status200OK, InferJsonWriter.Write(output, result, request.Id));
        }
        finally
        {
            capacity.Slots.Release();
        }
    }

    private static long? HeaderLengthOf(HttpRequest request)
    {
        var value = request.Headers[HeaderLength];
        if (value.Count == 0)
        {
            return null;
        }

        return long.TryParse(value.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length)
            ? length
            : throw V2Errors.Request($"{HeaderLength} must be a byte count, not '{value}'");
    }
}
