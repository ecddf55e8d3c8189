using Grpc.Core;
using SealServe.Core.Errors;
using ModelServerConfigLoader = SealServe.Models.Config.ModelServerConfigLoader;
using SealServe.Models.Management;
using SealServe.Server.Auth;
using SealServe.Server.Codecs.Proto;
using Tensorflow.Serving;

namespace SealServe.Server.Grpc;

/// <summary><c>tensorflow.serving.ModelService</c>: model version status and config reload.</summary>
internal sealed class ModelServiceImpl(ServableManager manager, ModelRepositoryWatcher models, StatusRedactor redactor) : ModelService.ModelServiceBase
{
    public override Task<GetModelStatusResponse> GetModelStatus(GetModelStatusRequest request, ServerCallContext context)
    {
        if (request.ModelSpec is null)
        {
            throw ServingException.InvalidArgument("Missing ModelSpec");
        }

        // A version label alone still reports every version, as TF Serving does.
        long? version = request.ModelSpec.VersionChoiceCase == ModelSpec.VersionChoiceOneofCase.Version ? request.ModelSpec.Version : null;
        return Task.FromResult(ModelStatusCodec.ToResponse(manager.GetStatus(request.ModelSpec.Name, version), redactor.Redact));
    }

    /// <summary>
    /// Replaces the whole model list, as TF Serving does, and answers once it is in effect (added models loaded)
    /// or failed. An empty config changes nothing; the status is both the call's and <c>response.status</c>.
    /// </summary>
    public override async Task<ReloadConfigResponse> HandleReloadConfigRequest(ReloadConfigRequest request, ServerCallContext context)
    {
        var config = request.Config ?? new ModelServerConfig();
        switch (config.ConfigCase)
        {
            case ModelServerConfig.ConfigOneofCase.None:
                return new ReloadConfigResponse { Status = new StatusProto() };
            case ModelServerConfig.ConfigOneofCase.ModelConfigList:
                await models.ReloadAsync(ModelServerConfigLoader.FromProto(config), context.CancellationToken).ConfigureAwait(false);
                return new ReloadConfigResponse { Status = new StatusProto() };
            default:
                throw ServingException.InvalidArgument("ServerModelConfig type not supported by HandleReloadConfigRequest. Only ModelConfigList is currently supported");
        }
    }
}
