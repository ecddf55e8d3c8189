using Grpc.Core;
using Inference;
using SealServe.Core.Errors;
using StatusCode = SealServe.Core.Errors.StatusCode;
using SealServe.Models.Management;
using SealServe.Models.Serving;
using SealServe.Server.Codecs.V2;
using SealServe.Server.Diagnostics;
using SealServe.Server.V2;
using SealServe.Server.Monitoring;

namespace SealServe.Server.Grpc;

/// <summary>
/// <c>inference.GRPCInferenceService</c>, the Open Inference Protocol (KServe v2) beside TF Serving's services: the same
/// loaded versions, through the same Predict path.
/// </summary>
internal sealed class InferenceServiceImpl(ServableManager manager, ServingHealth health, ServingMetrics metrics) : GRPCInferenceService.GRPCInferenceServiceBase
{
    /// <summary>The API label of <c>ModelInfer</c> in metrics.</summary>
    public const string InferApi = "ModelInfer";

    public override Task<ServerLiveResponse> ServerLive(ServerLiveRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerLiveResponse { Live = true });

    public override Task<ServerReadyResponse> ServerReady(ServerReadyRequest request, ServerCallContext context) =>
        Task.FromResult(new ServerReadyResponse { Ready = health.Check().Serving });

    public override Task<ModelReadyResponse> ModelReady(ModelReadyRequest request, ServerCallContext context)
    {
        try
        {
            using var handle = manager.GetHandle(InferenceRunner.Servable(request.Name, request.Version));
            return Task.FromResult(new ModelReadyResponse { Ready = true });
        }
        catch (ServingException e) when (e.Code is StatusCode.NotFound or StatusCode.InvalidArgument)
        {
            return Task.FromResult(new ModelReadyResponse { Ready = false });
        }
    }

    public override Task<ServerMetadataResponse> ServerMetadata(ServerMetadataRequest request, ServerCallContext context) =>
        Task.FromResult(V2Metadata.Server());

    public override Task<ModelMetadataResponse> ModelMetadata(ModelMetadataRequest request, ServerCallContext context)
    {
        using var handle = manager.GetHandle(InferenceRunner.Servable(request.Name, request.Version));
        var versions = manager.TryGetStatus(handle.ModelName).Where(s => s.State == ServableState.Available).Select(s => s.Version);
        return Task.FromResult(V2Metadata.Model(handle, Predictor.GetSignature(handle.Servable, null), versions));
    }

    public override async Task<ModelInferResponse> ModelInfer(ModelInferRequest request, ServerCallContext context)
    {
        InferenceResult result;
        using (var decode = ServerTracing.Source.StartActivity("decode"))
        {
            using var inference = InferProtoCodec.Read(request);
            decode?.Stop();
            result = await InferenceRunner.RunAsync(
                manager, InferenceRunner.Servable(request.ModelName, request.ModelVersion), inference, InferProtoCodec.WantsRaw(request), metrics, InferApi, context.CancellationToken).ConfigureAwait(false);
        }

        // Raw outputs are the engine's memory, sent in place: the result lives until the response is written.
        context.GetHttpContext().Response.RegisterForDispose(result);
        using var encode = ServerTracing.Source.StartActivity("encode");
        return InferProtoCodec.Write(result, request.Id.Length > 0 ? request.Id : null);
    }
}
