using System.Buffers;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using SealServe.Client.Tensors;
using SealServe.Client.Transport;
using SealServe.Client.V2;
using Tensorflow.Serving;

namespace SealServe.Client.TfServing;

/// <summary>
/// TensorFlow Serving's REST API, typed: predict (columnar <c>inputs</c>), classify and regress (tf.Examples as JSON
/// objects), model status and metadata. TF Serving has no REST reload; use <see cref="TfServingGrpcClient.ReloadConfigAsync"/>.
/// </summary>
public sealed class TfServingRestClient : IDisposable
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private readonly RestTransport transport;

    /// <summary>A client for <paramref name="address"/> (<c>http://host:8501</c>, or <c>https://</c> for TLS).</summary>
    public TfServingRestClient(Uri address, SealServeClientOptions? options = null)
    {
        transport = new RestTransport(address, options);
    }

    /// <summary>
    /// Predict with named input tensors (JSON columnar format, nested by each tensor's shape); the outputs come back by
    /// name as JSON values, read with <see cref="RestOutputs"/>.
    /// </summary>
    public async Task<RestOutputs> PredictAsync(string model, IReadOnlyList<InferTensor> inputs, string? signatureName = null, long? version = null, CancellationToken cancellationToken = default)
    {
        var body = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(body))
        {
            json.WriteStartObject();
            if (signatureName is not null)
            {
                json.WriteString("signature_name"u8, signatureName);
            }

            json.WriteStartObject("inputs"u8);
            foreach (var input in inputs)
            {
                json.WritePropertyName(input.Name);
                WriteNested(json, input);
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        using var document = await PostAsync(model, version, "predict", body.WrittenMemory, cancellationToken).ConfigureAwait(false);
        var outputs = document.RootElement.GetProperty("outputs");
        return new RestOutputs(outputs.ValueKind == JsonValueKind.Object
            ? outputs.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone())
            : new Dictionary<string, JsonElement> { [string.Empty] = outputs.Clone() });
    }

    /// <summary>Classify examples (feature name → value or list of values); per example, its (label, score) pairs.</summary>
    public async Task<IReadOnlyList<IReadOnlyList<(string Label, float Score)>>> ClassifyAsync(
        string model, IEnumerable<IReadOnlyDictionary<string, object>> examples, string? signatureName = null, long? version = null, CancellationToken cancellationToken = default)
    {
        using var document = await PostAsync(model, version, "classify", ExamplesBody(examples, signatureName), cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("results").EnumerateArray()
            .Select(example => (IReadOnlyList<(string, float)>)example.EnumerateArray().Select(pair => (pair[0].GetString()!, pair[1].GetSingle())).ToArray())
            .ToArray();
    }

    /// <summary>Regress examples; one value per example.</summary>
    public async Task<float[]> RegressAsync(
        string model, IEnumerable<IReadOnlyDictionary<string, object>> examples, string? signatureName = null, long? version = null, CancellationToken cancellationToken = default)
    {
        using var document = await PostAsync(model, version, "regress", ExamplesBody(examples, signatureName), cancellationToken).ConfigureAwait(false);
        return document.RootElement.GetProperty("results").EnumerateArray().Select(v => v.GetSingle()).ToArray();
    }

    /// <summary>The state of the model's versions.</summary>
    public async Task<GetModelStatusResponse> GetModelStatusAsync(string model, long? version = null, CancellationToken cancellationToken = default)
    {
        var answer = await transport.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath(model, version)), cancellationToken).ConfigureAwait(false);
        return Parser.Parse<GetModelStatusResponse>(Encoding.UTF8.GetString(answer.Body));
    }

    /// <summary>The model's signatures.</summary>
    public async Task<SignatureDefMap> GetSignaturesAsync(string model, long? version = null, CancellationToken cancellationToken = default)
    {
        var answer = await transport.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, ModelPath(model, version) + "/metadata"), cancellationToken).ConfigureAwait(false);
        using var document = JsonDocument.Parse(answer.Body);
        return Parser.Parse<SignatureDefMap>(document.RootElement.GetProperty("metadata").GetProperty("signature_def").GetRawText());
    }

    /// <inheritdoc/>
    public void Dispose() => transport.Dispose();

    private static string ModelPath(string model, long? version) =>
        $"v1/models/{Uri.EscapeDataString(model)}" + (version is { } v ? $"/versions/{v}" : string.Empty);

    private static ReadOnlyMemory<byte> ExamplesBody(IEnumerable<IReadOnlyDictionary<string, object>> examples, string? signatureName)
    {
        var body = new Dictionary<string, object> { ["examples"] = examples };
        if (signatureName is not null)
        {
            body["signature_name"] = signatureName;
        }

        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    /// <summary>A tensor as nested JSON lists of its shape (TF Serving reads the shape from the nesting).</summary>
    private static void WriteNested(Utf8JsonWriter json, InferTensor tensor)
    {
        var flat = new ArrayBufferWriter<byte>();
        using (var values = new Utf8JsonWriter(flat))
        {
            InferJson.WriteData(values, tensor);
        }

        using var document = JsonDocument.Parse(flat.WrittenMemory);
        var leaves = document.RootElement.EnumerateArray().ToArray();
        var index = 0;
        WriteLevel(json, tensor.Shape, 0, leaves, ref index);
    }

    private static void WriteLevel(Utf8JsonWriter json, long[] shape, int level, JsonElement[] leaves, ref int index)
    {
        if (level == shape.Length)
        {
            leaves[index++].WriteTo(json);
            return;
        }

        json.WriteStartArray();
        for (var i = 0; i < shape[level]; i++)
        {
            WriteLevel(json, shape, level + 1, leaves, ref index);
        }

        json.WriteEndArray();
    }

    private async Task<JsonDocument> PostAsync(string model, long? version, string verb, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        var answer = await transport.SendAsync(
            () => new HttpRequestMessage(HttpMethod.Post, $"{ModelPath(model, version)}:{verb}") { Content = new ReadOnlyMemoryContent(body) { Headers = { { "Content-Type", "application/json" } } } },
            cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(answer.Body);
    }
}

/// <summary>The outputs of a REST predict, by name (a single unnamed output under <c>""</c>), as JSON values.</summary>
public sealed class RestOutputs(IReadOnlyDictionary<string, JsonElement> outputs)
{
    /// <summary>The outputs as the server wrote them.</summary>
    public IReadOnlyDictionary<string, JsonElement> Json { get; } = outputs;

    /// <summary>The only output, or the one named <paramref name="name"/>, flattened (row-major) to numbers.</summary>
    public double[] Numbers(string? name = null) => Leaves(name).Select(v => v.GetDouble()).ToArray();

    /// <summary>The output's strings, flattened.</summary>
    public string[] Strings(string? name = null) => Leaves(name).Select(v => v.GetString()!).ToArray();

    /// <summary>The output's shape, read from its nesting.</summary>
    public long[] Shape(string? name = null)
    {
        var shape = new List<long>();
        for (var value = Output(name); value.ValueKind == JsonValueKind.Array; value = value.GetArrayLength() > 0 ? value[0] : default)
        {
            shape.Add(value.GetArrayLength());
        }

        return [.. shape];
    }

    private JsonElement Output(string? name) => name is null ? Json.Values.Single() : Json[name];

    private IEnumerable<JsonElement> Leaves(string? name)
    {
        var stack = new Stack<JsonElement>();
        stack.Push(Output(name));
        var leaves = new List<JsonElement>();
        while (stack.Count > 0)
        {
            var value = stack.Pop();
            if (value.ValueKind != JsonValueKind.Array)
            {
                leaves.Add(value);
                continue;
            }

            foreach (var item in value.EnumerateArray().Reverse())
            {
                stack.Push(item);
            }
        }

        return leaves;
    }
}
