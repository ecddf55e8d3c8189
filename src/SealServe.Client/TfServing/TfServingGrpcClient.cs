using Grpc.Core;
using SealServe.Client.Transport;
using Tensorflow;
using Tensorflow.Serving;

namespace SealServe.Client.TfServing;

/// <summary>
/// TensorFlow Serving's gRPC API (<c>tensorflow.serving.PredictionService</c> and <c>ModelService</c>), typed: Predict,
/// Classify, Regress, MultiInference, model metadata, model status and config reload, each with the options' bearer
/// token, deadline and retries of UNAVAILABLE. Works with SealServe and with TensorFlow Serving itself.
/// </summary>
public sealed class TfServingGrpcClient : IDisposable
{
    private readonly GrpcTransport transport;
    private readonly PredictionService.PredictionServiceClient prediction;
    private readonly ModelService.ModelServiceClient models;

    /// <summary>A client for <paramref name="address"/> (<c>http://host:8500</c>, or <c>https://</c> for TLS).</summary>
    public TfServingGrpcClient(Uri address, SealServeClientOptions? options = null)
        : this(new GrpcTransport(address, options))
    {
    }

    /// <summary>A client over a channel the caller owns (for channels configured elsewhere).</summary>
    public TfServingGrpcClient(ChannelBase channel, SealServeClientOptions? options = null)
        : this(new GrpcTransport(channel, options))
    {
    }

    private TfServingGrpcClient(GrpcTransport transport)
    {
        this.transport = transport;
        prediction = new PredictionService.PredictionServiceClient(transport.Channel);
        models = new ModelService.ModelServiceClient(transport.Channel);
    }

    /// <summary>Predict with a request built by the caller.</summary>
    public async Task<PredictResponse> PredictAsync(PredictRequest request, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => prediction.PredictAsync(request, o), cancellationToken).ConfigureAwait(false);

    /// <summary>Predict on <paramref name="model"/>'s signature (default <c>serving_default</c>), latest version unless <paramref name="version"/> is given.</summary>
    public Task<PredictResponse> PredictAsync(
        string model, IReadOnlyDictionary<string, TensorProto> inputs, string? signatureName = null, long? version = null, CancellationToken cancellationToken = default)
    {
        var request = new PredictRequest { ModelSpec = Spec(model, version, signatureName) };
        foreach (var (name, tensor) in inputs)
        {
            request.Inputs[name] = tensor;
        }

        return PredictAsync(request, cancellationToken);
    }

    /// <summary>Classify tf.Examples.</summary>
    public async Task<ClassificationResponse> ClassifyAsync(ClassificationRequest request, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => prediction.ClassifyAsync(request, o), cancellationToken).ConfigureAwait(false);

    /// <summary>Regress tf.Examples.</summary>
    public async Task<RegressionResponse> RegressAsync(RegressionRequest request, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => prediction.RegressAsync(request, o), cancellationToken).ConfigureAwait(false);

    /// <summary>Several classify and regress tasks over the same tf.Examples.</summary>
    public async Task<MultiInferenceResponse> MultiInferenceAsync(MultiInferenceRequest request, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => prediction.MultiInferenceAsync(request, o), cancellationToken).ConfigureAwait(false);

    /// <summary>The model's signatures (<c>signature_def</c> metadata), unpacked.</summary>
    public async Task<SignatureDefMap> GetSignaturesAsync(string model, long? version = null, CancellationToken cancellationToken = default)
    {
        var request = new GetModelMetadataRequest { ModelSpec = Spec(model, version, null), MetadataField = { "signature_def" } };
        var response = await transport.CallAsync(o => prediction.GetModelMetadataAsync(request, o), cancellationToken).ConfigureAwait(false);
        return response.Metadata["signature_def"].Unpack<SignatureDefMap>();
    }

    /// <summary>The state of the model's versions (all, or <paramref name="version"/>).</summary>
    public async Task<GetModelStatusResponse> GetModelStatusAsync(string model, long? version = null, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => models.GetModelStatusAsync(new GetModelStatusRequest { ModelSpec = Spec(model, version, null) }, o), cancellationToken).ConfigureAwait(false);

    /// <summary>Replaces the server's model list (<c>HandleReloadConfigRequest</c>; SealServe asks for an admin token when access control is on).</summary>
    public async Task<ReloadConfigResponse> ReloadConfigAsync(ModelServerConfig config, CancellationToken cancellationToken = default) =>
        await transport.CallAsync(o => models.HandleReloadConfigRequestAsync(new ReloadConfigRequest { Config = config }, o), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc/>
    public void Dispose() => transport.Dispose();

    private static ModelSpec Spec(string model, long? version, string? signatureName)
    {
        var spec = new ModelSpec { Name = model, SignatureName = signatureName ?? string.Empty };
        if (version is { } v)
        {
            spec.Version = v;
        }

        return spec;
    }
}
