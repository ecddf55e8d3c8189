using Grpc.Core;
using SealServe.Core.Errors;
using SealServe.Models.Management;
using SealServe.Server.Codecs.Proto;
using Tensorflow.Serving;

namespace SealServe.Server.Grpc;

/// <summary><c>tensorflow.serving.ModelService</c>: model version status.</summary>
internal sealed class ModelServiceImpl(ServableManager manager) : ModelService.ModelServiceBase
{
    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        if (request.ModelSpec is null)
        {
            throw ServingException.InvalidArgument("Missing ModelSpec");
        }

        // A version label alone still reports every version, as TF Serving does.
        long? version = request.ModelSpec.VersionChoiceCase == ModelSpec.VersionChoiceOneofCase.Version ? request.ModelSpec.Version : null;
        return Task.FromResult(ModelStatusCodec.ToResponse(manager.GetStatus(request.ModelSpec.Name, version)));
    }

    public override Task<ReloadConfigResponse> HandleReloadConfigRequest(ReloadConfigRequest request, ServerCallContext context) =>
        throw ServingException.Unimplemented("HandleReloadConfigRequest is not supported yet.");
}
