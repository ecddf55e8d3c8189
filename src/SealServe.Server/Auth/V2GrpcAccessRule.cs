using Inference;

namespace SealServe.Server.Auth;

/// <summary>
/// <c>inference.GRPCInferenceService</c>: liveness and readiness stay open (as the health service), server metadata needs
/// any valid token, and model readiness, metadata and inference need a token that may call the model they name.
/// </summary>
internal sealed class V2GrpcAccessRule : IGrpcAccessRule
{
    private const string Service = "/inference.GRPCInferenceService/";

    public AccessRequirement? For(string method, object? request) =>
        !method.StartsWith(Service, StringComparison.Ordinal) ? null
        : request switch
        {
            ServerLiveRequest or ServerReadyRequest => AccessRequirement.Open,
            ModelReadyRequest ready => AccessRequirement.Models([ready.Name]),
            ModelMetadataRequest metadata => AccessRequirement.Models([metadata.Name]),
            ModelInferRequest infer => AccessRequirement.Models([infer.ModelName]),
            ServerMetadataRequest => AccessRequirement.Authenticated,
            _ => null,
        };
}
