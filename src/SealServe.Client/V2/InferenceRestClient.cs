using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Google.Protobuf;
using Inference;
using SealServe.Client.Tensors;
using SealServe.Client.Transport;

namespace SealServe.Client.V2;

/// <summary>
/// The Open Inference Protocol (KServe v2) over REST: health, metadata and inference, with tensors as binary data (the
/// binary tensor data extension: inputs sent from the caller's memory, outputs read in place from the answer) or as
/// JSON. Works with SealServe and other v2 servers (Triton, KServe runtimes, OpenVINO Model Server).
/// </summary>
public sealed class InferenceRestClient : IDisposable
{
    private const string HeaderLength = "Inference-Header-Content-Length";
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly RestTransport transport;

    /// <summary>A client for <paramref name="address"/> (<c>http://host:8501</c>, or <c>https://</c> for TLS).</summary>
    public InferenceRestClient(Uri address, SealServeClientOptions? options = null)
    {
        transport = new RestTransport(address, options);
    }

    /// <summary>Whether the server is live (200 on <c>/v2/health/live</c>).</summary>
    public Task<bool> ServerLiveAsync(CancellationToken cancellationToken = default) => HealthAsync("v2/health/live", cancellationToken);

    /// <summary>Whether every model of the server is ready.</summary>
    public Task<bool> ServerReadyAsync(CancellationToken cancellationToken = default) => HealthAsync("v2/health/ready", cancellationToken);

    /// <summary>Whether a model (version) is ready for inference.</summary>
    public Task<bool> ModelReadyAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        HealthAsync($"{ModelPath(model, version)}/ready", cancellationToken);

    /// <summary>The server's name, version and protocol extensions.</summary>
    public async Task<ServerMetadataResponse> ServerMetadataAsync(CancellationToken cancellationToken = default) =>
        Parser.Parse<ServerMetadataResponse>(await GetTextAsync("v2", cancellationToken).ConfigureAwait(false));

    /// <summary>A model's versions, platform and tensors.</summary>
    public async Task<ModelMetadataResponse> ModelMetadataAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        Parser.Parse<ModelMetadataResponse>(await GetTextAsync(ModelPath(model, version), cancellationToken).ConfigureAwait(false));

    /// <summary>Runs one inference. Inputs are sent from their own memory (binary data) or as JSON; see <see cref="InferOptions.BinaryData"/>.</summary>
    public async Task<InferResult> InferAsync(string model, IReadOnlyList<InferTensor> inputs, InferOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new InferOptions();
        var header = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(header))
        {
            WriteRequest(json, inputs, options);
        }

        var segments = new List<ReadOnlyMemory<byte>> { header.WrittenMemory };
        if (options.BinaryData)
        {
            segments.AddRange(inputs.Select(i => i.Raw));
        }

        var answer = await transport.SendAsync(
            () =>
            {
                var content = new SegmentsContent(segments);
                if (options.BinaryData)
                {
                    content.Headers.Add(HeaderLength, header.WrittenCount.ToString(CultureInfo.InvariantCulture));
                }

                return new HttpRequestMessage(HttpMethod.Post, $"{ModelPath(model, options.Version)}/infer") { Content = content };
            },
            cancellationToken).ConfigureAwait(false);
        return ReadResponse(answer);
    }

    /// <inheritdoc/>
    public void Dispose() => transport.Dispose();

    private static string ModelPath(string model, string? version) =>
        $"v2/models/{Uri.EscapeDataString(model)}" + (version is null ? string.Empty : $"/versions/{Uri.EscapeDataString(version)}");

    private static void WriteRequest(Utf8JsonWriter json, IReadOnlyList<InferTensor> inputs, InferOptions options)
    {
        json.WriteStartObject();
        if (options.Id is { } id)
        {
            json.WriteString("id"u8, id);
        }

        json.WriteStartObject("parameters"u8);
        if (options.SignatureName is { } signature)
        {
            json.WriteString("signature_name"u8, signature);
        }

        json.WriteBoolean("binary_data_output"u8, options.BinaryData);
        json.WriteEndObject();
        json.WriteStartArray("inputs"u8);
        foreach (var input in inputs)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, input.Name);
            json.WriteString("datatype"u8, input.Datatype);
            json.WriteStartArray("shape"u8);
            foreach (var dim in input.Shape)
            {
                json.WriteNumberValue(dim);
            }

            json.WriteEndArray();
            if (options.BinaryData)
            {
                json.WriteStartObject("parameters"u8);
                json.WriteNumber("binary_data_size"u8, input.Raw.Length);
                json.WriteEndObject();
            }
            else
            {
                json.WritePropertyName("data"u8);
                InferJson.WriteData(json, input);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (options.Outputs is { } outputs)
        {
            json.WriteStartArray("outputs"u8);
            foreach (var name in outputs)
            {
                json.WriteStartObject();
                json.WriteString("name"u8, name);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        json.WriteEndObject();
    }

    /// <summary>The answer's JSON, then binary outputs as slices of the answer (no copy).</summary>
    private static InferResult ReadResponse(RestAnswer answer)
    {
        var jsonLength = answer.Headers.TryGetValues(HeaderLength, out var values) ? int.Parse(values.First(), CultureInfo.InvariantCulture) : answer.Body.Length;
        var body = answer.Body.AsMemory();
        using var document = JsonDocument.Parse(body[..jsonLength]);
        var root = document.RootElement;
        var offset = jsonLength;
        var outputs = new List<InferTensor>();
        foreach (var output in root.GetProperty("outputs").EnumerateArray())
        {
            var name = output.GetProperty("name").GetString()!;
            var datatype = output.GetProperty("datatype").GetString()!;
            var shape = output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            ReadOnlyMemory<byte> raw;
            if (output.TryGetProperty("parameters", out var parameters) && parameters.TryGetProperty("binary_data_size", out var size))
            {
                raw = body.Slice(offset, size.GetInt32());
                offset += raw.Length;
            }
            else
            {
                raw = InferJson.ReadData(output.GetProperty("data"), datatype);
            }

            outputs.Add(new InferTensor(name, datatype, shape, raw));
        }

        return new InferResult(
            root.GetProperty("model_name").GetString()!,
            root.TryGetProperty("model_version", out var version) ? version.GetString()! : string.Empty,
            root.TryGetProperty("id", out var id) ? id.GetString() : null,
            outputs);
    }

    private async Task<bool> HealthAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await transport.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SealServeException e) when ((int)e.Status is >= 400 and < 500 && e.Status is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return false;
        }
    }

    private async Task<string> GetTextAsync(string path, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken).ConfigureAwait(false);
        return System.Text.Encoding.UTF8.GetString(answer.Body);
    }

    /// <summary>A body written from several buffers in turn, none copied into another.</summary>
    private sealed class SegmentsContent : HttpContent
    {
        private readonly IReadOnlyList<ReadOnlyMemory<byte>> segments;

        public SegmentsContent(IReadOnlyList<ReadOnlyMemory<byte>> segments)
        {
            this.segments = segments;
            Headers.ContentType = new MediaTypeHeaderValue(segments.Count > 1 ? "application/octet-stream" : "application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            foreach (var segment in segments)
            {
                await stream.WriteAsync(segment, cancellationToken).ConfigureAwait(false);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = segments.Sum(s => (long)s.Length);
            return true;
        }
    }
}
